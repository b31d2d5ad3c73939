using McpGateway.Connectors.Upstreams;
using McpGateway.Connectors;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>GET /v1/status</c>: connectors with state, reason and tool counts; what <c>mcpgw status</c> prints. It needs the
/// <c>tools:read</c> scope: it describes the catalog (which upstreams exist, how many tools each has, why one is down),
/// which a key that may list tools already sees, and a monitoring probe can hold that read-only scope and nothing more.
/// </summary>
internal static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/status", (UpstreamHub hub, SessionRegistry sessions, ListenStreams listens) => Results.Json(
            new GatewayStatus(GatewayInfo.Version, sessions.Count, hub.Statuses.Select(ConnectorStatus.From).ToList(), listens.Count),
            AdminJsonContext.Default.GatewayStatus)).RequireScope(Scopes.ToolsRead);
}
