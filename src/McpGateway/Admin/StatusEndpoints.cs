using McpGateway.Connectors;
using McpGateway.Connectors.Upstreams;
using McpGateway.Mcp;

namespace McpGateway.Admin;

/// <summary><c>GET /v1/status</c>: connectors with state, reason and tool counts; what <c>mcpgw status</c> prints.</summary>
internal static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/status", (UpstreamHub hub, SessionRegistry sessions) => Results.Json(
            new GatewayStatus(GatewayInfo.Version, sessions.Count, hub.Statuses.Select(ConnectorStatus.From).ToList()),
            AdminJsonContext.Default.GatewayStatus));
}
