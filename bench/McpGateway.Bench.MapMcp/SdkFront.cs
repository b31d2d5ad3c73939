using McpGateway.Mcp;
using ModelContextProtocol.AspNetCore;

namespace McpGateway.Bench.MapMcp;

/// <summary>
/// The SDK's own Streamable HTTP front (<c>MapMcp</c>, stateless) on the gateway's MCP routes, answering with the same
/// handlers the hand-written endpoint's stateless servers use (<see cref="McpSurface.CreatePerRequestOptions"/>), so a
/// call goes through the same pipeline, journal and upstream. The SDK builds a server per request; its options take
/// the endpoint's handlers, built once per connector as <c>StatelessServers</c> keeps one server per endpoint.
/// No API keys: the bench's gateway runs with <c>auth: none</c>.
/// </summary>
internal static class SdkFront
{
    public static IServiceCollection AddMapMcpFront(this IServiceCollection services)
    {
        services.AddSingleton<FrontOptions>();
        services.AddMcpServer().WithHttpTransport(http =>
        {
            http.SessionMode = HttpServerSessionMode.Stateless;
            http.ConfigureSessionOptions = (context, options, _) =>
            {
                var connector = context.GetRouteValue("connector") as string;
                context.RequestServices.GetRequiredService<FrontOptions>().CopyTo(connector, options);
                return Task.CompletedTask;
            };
        });
        return services;
    }

    public static void MapMcpFront(this IEndpointRouteBuilder app)
    {
        app.MapMcp("/mcp");
        app.MapMcp("/c/{connector}/mcp");
    }
}
