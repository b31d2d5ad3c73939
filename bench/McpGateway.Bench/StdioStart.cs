namespace McpGateway.Bench;

/// <summary>
/// One cold start of <c>mcpgw stdio</c>, in milliseconds from the process's start: to the answer to <c>initialize</c>,
/// to a <c>tools/list</c> that holds both upstreams' tools (same process), and, in a second fresh process, to the answer
/// to <c>server/discover</c>.
/// </summary>
internal sealed record StdioStart(double InitializeMs, double FirstToolsListMs, double CompleteToolsListMs, double DiscoverMs);
