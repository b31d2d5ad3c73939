using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Mcp;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Upstream;
using McpGateway.Storage;

namespace McpGateway.Hosting;

/// <summary>Registers the gateway's core (catalog, upstreams, journal, pipeline, MCP surface), shared by every transport.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SecretValues>();
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton(new UpstreamOptions());
        services.AddSingleton<UpstreamHub>();
        services.AddSingleton(sp => JournalStoreFactory.Create(StorageFor(config), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(new JournalOptions { InstanceId = config.Server.InstanceId ?? Environment.MachineName });
        services.AddSingleton<ArgumentRedactor>();
        services.AddSingleton<JournalStage>();
        services.AddSingleton<ResolveStage>();
        services.AddSingleton<UpstreamStage>();
        services.AddSingleton(sp => ToolCallPipelineBuilder.Build(
            sp.GetRequiredService<JournalStage>(), sp.GetRequiredService<ResolveStage>(), sp.GetRequiredService<UpstreamStage>()));
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<McpSurface>();
        services.AddHostedService<GatewayLifetime>();
        return services;
    }

    private static StorageOptions StorageFor(GatewayConfig config) => config.Server.Storage == "postgres"
        ? new StorageOptions { Provider = StorageProviders.Postgres, PostgresConnectionString = ReferenceResolver.Resolve(config.Server.PostgresConnectionString!) }
        : new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = Path.Combine(Path.GetFullPath(config.Server.DataDir, config.BaseDirectory), "mcpgw.db") };
}
