namespace McpGateway.Flows.Execution;

/// <summary>A run's tool calls to one connector.</summary>
/// <param name="Connector">The connector (the part of the tool's name before <c>__</c>).</param>
/// <param name="ToolCalls">Tool nodes that called one of its tools.</param>
/// <param name="Attempts">Calls made, retries included.</param>
public sealed record ConnectorUsage(string Connector, int ToolCalls, int Attempts);
