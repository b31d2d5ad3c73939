using McpGateway.Connectors.Catalog.Pinning;
using McpGateway.Connectors.Changes;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Runtime;
using McpGateway.Connectors.Sealing;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Storage.Approvals;
using McpGateway.Storage.Changes;
using McpGateway.Storage.Connections;
using McpGateway.Storage.Connectors;
using McpGateway.Storage.Flows;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Instances;
using McpGateway.Storage.Keys;
using McpGateway.Storage.Limits;
using McpGateway.Storage.Pins;
using McpGateway.Storage.Servers;
using McpGateway.Storage.Sessions;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage;

/// <summary>
/// Creates the API key, idempotency, approval, flow and run stores the options name. With SQLite they may share the journal's
/// file (each keeps its own tables); with PostgreSQL every replica points at one database, whose constraints make
/// reservations and decisions happen once across replicas.
/// </summary>
/// <remarks>
/// A store is not usable before its <c>InitializeAsync</c> (which creates or migrates its tables; idempotent). Each
/// store is also <see cref="IAsyncDisposable"/>: disposing it releases its connection pool. Every operation runs on a
/// pooled connection of its own, so a store is safe to share between concurrent callers.
/// </remarks>
public static class StoreFactory
{
    /// <summary>Creates the API key store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IApiKeyStore CreateApiKeyStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IApiKeyStore>(
            options,
            path => new SqliteApiKeyStore(path, loggerFactory.CreateLogger<SqliteApiKeyStore>()),
            connectionString => new PostgresApiKeyStore(connectionString, loggerFactory.CreateLogger<PostgresApiKeyStore>()));
    }

    /// <summary>Creates the idempotency key store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IIdempotencyStore CreateIdempotencyStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IIdempotencyStore>(
            options,
            path => new SqliteIdempotencyStore(path, loggerFactory.CreateLogger<SqliteIdempotencyStore>()),
            connectionString => new PostgresIdempotencyStore(connectionString, loggerFactory.CreateLogger<PostgresIdempotencyStore>()));
    }

    /// <summary>Creates the approval store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IApprovalStore CreateApprovalStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IApprovalStore>(
            options,
            path => new SqliteApprovalStore(path, loggerFactory.CreateLogger<SqliteApprovalStore>()),
            connectionString => new PostgresApprovalStore(connectionString, loggerFactory.CreateLogger<PostgresApprovalStore>()));
    }

    /// <summary>Creates the flow store: flows, their immutable versions and folders.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IFlowStore CreateFlowStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IFlowStore>(
            options,
            path => new SqliteFlowStore(path, loggerFactory.CreateLogger<SqliteFlowStore>()),
            connectionString => new PostgresFlowStore(connectionString, loggerFactory.CreateLogger<PostgresFlowStore>()));
    }

    /// <summary>
    /// Creates the run store: runs, their node executions, leases and cron ticks. With PostgreSQL, replicas sharing it
    /// claim each run once and record each cron tick once.
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IRunStore CreateRunStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IRunStore>(
            options,
            path => new SqliteRunStore(path, loggerFactory.CreateLogger<SqliteRunStore>()),
            connectionString => new PostgresRunStore(connectionString, loggerFactory.CreateLogger<PostgresRunStore>()));
    }

    /// <summary>Creates the connection store (values arrive sealed by <see cref="SecretCipher"/>).</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IConnectionStore CreateConnectionStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IConnectionStore>(
            options,
            path => new SqliteConnectionStore(path, loggerFactory.CreateLogger<SqliteConnectionStore>()),
            connectionString => new PostgresConnectionStore(connectionString, loggerFactory.CreateLogger<PostgresConnectionStore>()));
    }

    /// <summary>
    /// Creates the instance store: the gateway processes sharing the store and their heartbeats. With SQLite it lives
    /// in the journal's file, beside the records its instances hold.
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IInstanceStore CreateInstanceStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IInstanceStore>(
            options,
            path => new SqliteInstanceStore(path, loggerFactory.CreateLogger<SqliteInstanceStore>()),
            connectionString => new PostgresInstanceStore(connectionString, loggerFactory.CreateLogger<PostgresInstanceStore>()));
    }

    /// <summary>
    /// Creates the change feed that tells the other processes on this store what changed (<see cref="IChangeFeed"/>):
    /// <c>LISTEN/NOTIFY</c> on PostgreSQL, a polled change counter in the SQLite file. <paramref name="instance"/> is this
    /// process's id, so it does not hear its own notices.
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IChangeFeed CreateChangeFeed(StorageOptions options, string instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IChangeFeed>(
            options,
            path => new SqliteChangeFeed(path, instance, time, loggerFactory.CreateLogger<SqliteChangeFeed>()),
            connectionString => new PostgresChangeFeed(connectionString, instance, time, loggerFactory.CreateLogger<PostgresChangeFeed>()));
    }

    /// <summary>Creates the registered MCP server store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IMcpServerStore CreateMcpServerStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IMcpServerStore>(
            options,
            path => new SqliteMcpServerStore(path, loggerFactory.CreateLogger<SqliteMcpServerStore>()),
            connectionString => new PostgresMcpServerStore(connectionString, loggerFactory.CreateLogger<PostgresMcpServerStore>()));
    }

    /// <summary>Creates the store of connectors added at runtime (REST), shared by every process on the store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IConnectorStore CreateConnectorStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IConnectorStore>(
            options,
            path => new SqliteConnectorStore(path, loggerFactory.CreateLogger<SqliteConnectorStore>()),
            connectionString => new PostgresConnectorStore(connectionString, loggerFactory.CreateLogger<PostgresConnectorStore>()));
    }

    /// <summary>Creates the 2025-11-25 MCP session store (what replicas need to answer each other's sessions).</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static ISessionStore CreateSessionStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<ISessionStore>(
            options,
            path => new SqliteSessionStore(path, loggerFactory.CreateLogger<SqliteSessionStore>()),
            connectionString => new PostgresSessionStore(connectionString, loggerFactory.CreateLogger<PostgresSessionStore>()));
    }

    /// <summary>Creates the tool pin store (definition pinning), shared by every process on the store.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IToolPinStore CreateToolPinStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IToolPinStore>(
            options,
            path => new SqliteToolPinStore(path, loggerFactory.CreateLogger<SqliteToolPinStore>()),
            connectionString => new PostgresToolPinStore(connectionString, loggerFactory.CreateLogger<PostgresToolPinStore>()));
    }

    /// <summary>
    /// Creates the rate limit store: request counts per window and calls in flight, shared by every process on the store
    /// (so replicas enforce one limit together).
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IRateLimitStore CreateRateLimitStore(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IRateLimitStore>(
            options,
            path => new SqliteRateLimitStore(path, loggerFactory.CreateLogger<SqliteRateLimitStore>()),
            connectionString => new PostgresRateLimitStore(connectionString, loggerFactory.CreateLogger<PostgresRateLimitStore>()));
    }
}
