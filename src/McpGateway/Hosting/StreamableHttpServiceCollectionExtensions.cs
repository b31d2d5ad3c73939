using McpGateway.Transports.StreamableHttp;

namespace McpGateway.Hosting;

/// <summary>Registers the Streamable HTTP sessions: the manager (a hosted service), and what routes a session's request to the replica holding it.</summary>
internal static class StreamableHttpServiceCollectionExtensions
{
    public static IServiceCollection AddStreamableHttpSessions(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton<SessionForwarder>();
        services.AddSingleton<ReplicaAddress>();
        services.AddSingleton<HttpSessionManager>();
        services.AddHostedService(sp => sp.GetRequiredService<HttpSessionManager>());
        return services;
    }
}
