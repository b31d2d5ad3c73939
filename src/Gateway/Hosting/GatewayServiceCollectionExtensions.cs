using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Runtime;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Entity;
using McpGateway.Policy.Stages.Failure;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Rules;
using McpGateway.Policy.Stages.Schema;
using McpGateway.Policy.Stages.Scope;
using McpGateway.Policy.Stages.StateVerify;
using McpGateway.Policy.Stages.Upstream;
using McpGateway.Storage;

namespace McpGateway.Hosting;

/// <summary>
/// Registers the gateway's core: catalog, upstreams, stores, connections, the pipeline, flows and the background services.
/// The <see cref="Gateway"/> class runs on it alone; <c>mcpgw serve</c> and <c>stdio</c> add the MCP surface and telemetry.
/// </summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SecretValues>();
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton(new UpstreamOptions());
        services.AddSingleton<Connectors.Catalog.Pinning.ToolPins>();
        services.AddSingleton<UpstreamHub>();
        services.AddSingleton<RuntimeConnectors>();
        services.AddGatewayStores(config);
        services.AddGatewayConnections(config);
        // One id per process start: the work this process holds names it, and only this process's death frees it.
        var journalOptions = new JournalOptions { InstanceId = InstanceIdentity.NewId(config.Server.InstanceId) };
        services.AddSingleton(journalOptions);
        var storage = StorageFor(config);
        services.AddSingleton(sp => StoreFactory.CreateChangeFeed(storage, journalOptions.InstanceId, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ChangeFollower>();
        services.AddSingleton(new PolicyConfigSource(config.Policy));
        services.AddSingleton(new ScopeOptions { AuthRequired = config.Server.Auth != "none" });
        services.AddSingleton<ArgumentRedactor>();
        services.AddSingleton<StateReader>();
        services.AddSingleton<StateVerifier>();
        services.AddSingleton<Prober>();
        services.AddSingleton(sp => new ApprovalNotifier(
            sp.GetRequiredService<PolicyConfigSource>(), new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<ILogger<ApprovalNotifier>>()));
        services.AddSingleton<ApprovalFreezer>();
        services.AddSingleton(sp => new ApprovalService(
            sp.GetRequiredService<IApprovalStore>(), sp.GetRequiredService<IIdempotencyStore>(), sp.GetRequiredService<Policy.Callers.IKeyResolver>(),
            sp.GetRequiredService<ToolCallPipeline>, sp.GetRequiredService<TimeProvider>(), journalOptions.InstanceId));
        services.AddSingleton<OutcomeReconciler>();
        services.AddSingleton(sp => new InstanceRecovery(
            sp.GetRequiredService<Policy.Stages.Reconcile.IInstanceStore>(), sp.GetRequiredService<IJournalStore>(), sp.GetRequiredService<Flows.Model.IRunStore>(),
            sp.GetRequiredService<IRateLimitStore>(), sp.GetRequiredService<OutcomeReconciler>(), sp.GetRequiredService<ApprovalService>(), journalOptions,
            config.Server.InstanceExpiry, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<InstanceRecovery>>()));
        services.AddSingleton<JournalStage>();
        services.AddSingleton<ResolveStage>();
        services.AddSingleton<ScopeStage>();
        services.AddSingleton(new RateLimitOptions { InstanceId = journalOptions.InstanceId });
        services.AddSingleton<RateLimitStage>();
        services.AddSingleton<SchemaStage>();
        services.AddSingleton<EntityStage>();
        services.AddSingleton<RulesStage>();
        services.AddSingleton<IdempotencyStage>();
        services.AddSingleton<ApprovalStage>();
        services.AddSingleton<StateVerifyStage>();
        services.AddSingleton<FailureStage>();
        services.AddSingleton<ReconcileStage>();
        services.AddSingleton<UpstreamStage>();
        services.AddSingleton<ToolCallStages>();
        services.AddSingleton(sp => ToolCallPipelineBuilder.Build(sp.GetRequiredService<ToolCallStages>()));
        services.AddHostedService<GatewayLifetime>();
        services.AddHostedService<IdempotencyPurger>();
        services.AddHostedService<RateLimitPurger>();
        services.AddHostedService<StoredConnectorsPoller>();
        services.AddHostedService<StuckApprovalRecovery>();
        services.AddHostedService<ConnectionRefresher>();
        services.AddGatewayFlows(config, journalOptions.InstanceId);
        return services;
    }

    /// <summary>The durable stores only (journal, keys, idempotency, approvals): also used by CLI commands that need no upstreams.</summary>
    public static IServiceCollection AddGatewayStores(this IServiceCollection services, GatewayConfig config)
    {
        var storage = StorageFor(config);
        services.AddSingleton(sp => JournalStoreFactory.Create(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateApiKeyStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateIdempotencyStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateApprovalStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateConnectionStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateMcpServerStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateConnectorStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateToolPinStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateInstanceStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateSessionStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => StoreFactory.CreateRateLimitStore(storage, sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    public static StorageOptions StorageFor(GatewayConfig config) => config.Server.Storage == "postgres"
        ? new StorageOptions { Provider = StorageProviders.Postgres, PostgresConnectionString = ReferenceResolver.Resolve(config.Server.PostgresConnectionString!) }
        : new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = Path.Combine(Path.GetFullPath(config.Server.DataDir, config.BaseDirectory), "mcpgw.db") };
}
