using McpGateway.Connectors.Configuration;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Files;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;
using McpGateway.Mcp;
using McpGateway.Storage;

namespace McpGateway.Hosting;

/// <summary>Registers flows: their stores, the authoring service, the engine, triggers, files, and the flow tools.</summary>
internal static class FlowServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayFlows(this IServiceCollection services, GatewayConfig config)
    {
        services.AddFlowStores(config);
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<FlowService>();
        var engine = new FlowEngineOptions { MaxConcurrentRuns = config.Server.MaxConcurrentRuns };
        if (config.Server.InstanceId is { } id)
        {
            engine.InstanceId = id;
        }
        else if (config.Server.Storage != "postgres")
        {
            // One process owns an embedded store: a stable id lets a restart after kill -9 take its runs back at once
            // instead of waiting for their leases to lapse. Replicas on PostgreSQL keep a per-process id.
            engine.InstanceId = "local";
        }

        services.AddSingleton(engine);
        // Who a run acts as (its starter, bounded by its versions' authors); approvals thaw frozen calls with it too.
        services.AddSingleton<RunPrincipals>();
        services.AddSingleton<Policy.Keys.IKeyResolver>(sp => sp.GetRequiredService<RunPrincipals>());
        services.AddSingleton<IFlowToolInvoker>(sp => new PipelineFlowToolInvoker(
            sp.GetRequiredService<Policy.Pipeline.ToolCallPipeline>, sp.GetRequiredService<RunPrincipals>()));
        services.AddSingleton<FlowEngine>();
        services.AddSingleton(new CronTriggerOptions());
        services.AddSingleton<CronTrigger>();
        services.AddSingleton<FlowImporter>();
        services.AddSingleton<FlowDirectory>();
        services.AddSingleton<FlowTools>();
        services.AddHostedService<FlowsLifetime>();
        return services;
    }

    /// <summary>The flow and run stores only (for CLI commands that need no engine).</summary>
    public static IServiceCollection AddFlowStores(this IServiceCollection services, GatewayConfig config)
    {
        var storage = GatewayServiceCollectionExtensions.StorageFor(config);

        // SQLite: runs get a file of their own, so node commits do not queue behind the journal's writes.
        var flowStorage = storage.Provider == StorageProviders.Sqlite
            ? new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = Path.Combine(Path.GetDirectoryName(storage.SqlitePath)!, "flows.db") }
            : storage;
        services.AddSingleton(sp => StoreFactory.CreateFlowStore(flowStorage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateRunStore(flowStorage, sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
