namespace McpGateway.Flows.Execution;

/// <summary>
/// What a run used, counted from its nodes (nodes copied from an earlier run count there, not here): tool calls made by
/// its tool steps (one per tool node that started; loop items each), their attempts, and time per step and per connector.
/// </summary>
/// <param name="ToolCalls">Tool nodes that called their tool.</param>
/// <param name="Attempts">Calls made by those nodes, retries included.</param>
/// <param name="DurationMs">From the run's start to its end (or now), in milliseconds; null before it started.</param>
/// <param name="Steps">Per step, in definition order.</param>
/// <param name="Connectors">Per connector (the part of the tool's name before <c>__</c>), by name.</param>
public sealed record RunUsage(int ToolCalls, int Attempts, long? DurationMs, IReadOnlyList<StepUsage> Steps, IReadOnlyList<ConnectorUsage> Connectors);
