namespace McpGateway.Flows.Execution;

/// <summary>A connection field read for a tool step: its value, or why it may not be read.</summary>
/// <param name="Value">The value in clear (never stored in the run; redacted from the journal and the step's output).</param>
/// <param name="Error">Why not: no such connection or field, or the version's author may not use connections.</param>
public sealed record ConnectionRead(string? Value, string? Error);
