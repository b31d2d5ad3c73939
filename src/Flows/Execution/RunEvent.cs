namespace McpGateway.Flows.Execution;

/// <summary>
/// Something happened in a run: a node changed status, or the run did. <see cref="StepKey"/> is null for run events.
/// <see cref="Completed"/> steps are finished; <see cref="Total"/> is how many nodes the run will have as far as is known
/// (one per step, plus one per loop item once the loop has started).
/// </summary>
public sealed record RunEvent(string RunId, string? StepKey, int Iteration, string Status, int Completed, int Total, string? Message);
