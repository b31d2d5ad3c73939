namespace McpGateway.Flows.Execution;

/// <summary>
/// Something happened in a run: a node changed status, or the run did. <see cref="StepKey"/> is null for run events.
/// <see cref="Completed"/> of <see cref="Total"/> nodes are finished (for progress notifications).
/// </summary>
public sealed record RunEvent(string RunId, string? StepKey, int Iteration, string Status, int Completed, int Total, string? Message);
