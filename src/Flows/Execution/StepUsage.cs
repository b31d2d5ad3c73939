namespace McpGateway.Flows.Execution;

/// <summary>One step's share of a run's usage.</summary>
/// <param name="Step">The step key.</param>
/// <param name="Type">The step type.</param>
/// <param name="Nodes">Its nodes that started (1, or a loop's items and itself).</param>
/// <param name="ToolCalls">Its tool nodes that called their tool.</param>
/// <param name="Attempts">Calls those made, retries included.</param>
/// <param name="DurationMs">From its first node's start to its last node's end, in milliseconds; null while unknown.</param>
/// <param name="CopiedFrom">The earlier run its result was copied from, or null when it ran here.</param>
public sealed record StepUsage(string Step, string Type, int Nodes, int ToolCalls, int Attempts, long? DurationMs, string? CopiedFrom);
