using McpGateway.Auth;
using McpGateway.Connectors.Configuration;
using McpGateway.Mcp;
using McpGateway.Mcp.Mrtr;
using McpGateway.Mcp.Tasks;

namespace McpGateway.Hosting;

/// <summary>
/// Registers what <c>mcpgw serve</c> and <c>stdio</c> add to the core (<see cref="GatewayServiceCollectionExtensions.AddGatewayCore"/>):
/// the callers' authentication, the MCP surface with its sessions, listens, Multi Round-Trip Requests and tasks, and
/// telemetry.
/// </summary>
internal static class ServerServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayServer(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<McpServerAuthenticator>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<ListenStreams>();
        services.AddSingleton<RequestStateSeal>();
        services.AddSingleton<HeldCalls>();
        services.AddSingleton<RoundTrips>();
        services.AddSingleton<FlowTasks>();
        services.AddSingleton<UpstreamTaskId>();
        services.AddSingleton<UpstreamTasks>();
        services.AddSingleton<McpSurface>();
        services.AddSingleton<ApprovalStatusTool>();
        services.AddSingleton<DiscoverTool>();
        services.AddGatewayTelemetry(config);
        return services;
    }
}
