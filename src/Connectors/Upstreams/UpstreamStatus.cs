namespace McpGateway.Connectors.Upstreams;

/// <summary>A connector's state for <c>mcpgw status</c> and the admin API.</summary>
/// <param name="Connector">The connector name.</param>
/// <param name="Kind">mcp-stdio or mcp-http.</param>
/// <param name="State">The state.</param>
/// <param name="Reason">Why it is not connected, when it is not.</param>
/// <param name="Since">When it entered this state.</param>
/// <param name="Tools">How many tools it offers now.</param>
/// <param name="Restarts">How many times it was restarted since the gateway started.</param>
/// <param name="Protocol">The MCP revision negotiated with the upstream while connected (e.g. 2026-07-28, 2025-11-25).</param>
public sealed record UpstreamStatus(
    string Connector,
    string Kind,
    UpstreamState State,
    string? Reason,
    DateTimeOffset Since,
    int Tools,
    int Restarts,
    string? Protocol = null);
