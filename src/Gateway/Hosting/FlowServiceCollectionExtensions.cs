using McpGateway.Connectors.Configuration;
using McpGateway.Flows.Definition;
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
    /// <param name="services">The container.</param>
    /// <param name="config">The gateway's configuration.</param>
    /// <param name="instanceId">
    /// This process's id per start: its leases name it, and when it dies <see cref="InstanceRecovery"/> frees them at
    /// once. Several processes may share one store (<c>serve</c> beside <c>stdio</c>, replicas), so it is never shared.
    /// </param>
    public static IServiceCollection AddGatewayFlows(this IServiceCollection services, GatewayConfig config, string instanceId)
    {
        services.AddFlowStores(config);
        var limits = new FlowLimits
        {
            MaxSteps = config.Server.MaxFlowSteps ?? FlowEngineDefaults.MaxSteps,
            MaxLoopItems = config.Server.MaxLoopItems ?? FlowEngineDefaults.MaxLoopItems,
            MaxRunDuration = config.Server.MaxRunDuration ?? FlowEngineDefaults.MaxRunDuration,
        };
        services.AddSingleton(limits);
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<FlowService>();
        var engine = new FlowEngineOptions { MaxConcurrentRuns = config.Server.MaxConcurrentRuns, InstanceId = instanceId, Limits = limits };

        services.AddSingleton(engine);
        // Who a run acts as (its starter, bounded by its versions' authors); approvals thaw frozen calls with it too.
        services.AddSingleton<RunPrincipals>();
        services.AddSingleton<Policy.Callers.IKeyResolver>(sp => sp.GetRequiredService<RunPrincipals>());
        services.AddSingleton<IFlowToolInvoker>(sp => new PipelineFlowToolInvoker(
            sp.GetRequiredService<Policy.Pipeline.ToolCallPipeline>, sp.GetRequiredService<RunPrincipals>(),
            sp.GetService<Connectors.Connections.ISecretResolver>(), sp.GetService<Connectors.Configuration.SecretValues>()));
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
