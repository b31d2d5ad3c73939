using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Secrets;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Keys;
using McpGateway.Policy.Reconciliation;
using McpGateway.Policy.Servers;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage;

namespace McpGateway.Hosting;

/// <summary>
/// Starts the gateway core in order (journal, recovery of records a crash left open, upstreams, config watching)
/// and stops it in reverse. Upstreams connect in the background: the gateway serves before they are up.
/// </summary>
internal sealed partial class GatewayLifetime(
    GatewayConfig config,
    IJournalStore journal,
    IApiKeyStore keys,
    IIdempotencyStore idempotency,
    IApprovalStore approvals,
    IConnectionStore connections,
    IMcpServerStore mcpServers,
    MasterKey masterKey,
    JournalOptions journalOptions,
    PolicyConfigSource policy,
    OutcomeReconciler reconciler,
    UpstreamHub hub,
    ILoggerFactory loggerFactory,
    ILogger<GatewayLifetime> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ConfigWatcher? _watcher;
    private Task _recovery = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await journal.InitializeAsync(cancellationToken);
        await keys.InitializeAsync(cancellationToken);
        await idempotency.InitializeAsync(cancellationToken);
        var imported = await StoreFactory.ImportIdempotencyFileAsync(
            GatewayServiceCollectionExtensions.LegacyIdempotencyPath(config), GatewayServiceCollectionExtensions.StorageFor(config), cancellationToken);
        if (imported > 0)
        {
            Log.IdempotencyImported(logger, imported);
        }

        await approvals.InitializeAsync(cancellationToken);
        await connections.InitializeAsync(cancellationToken);
        await mcpServers.InitializeAsync(cancellationToken);
        Log.MasterKeyLoaded(logger, masterKey.Source);
        var open = await journal.ListOpenAsync(journalOptions.InstanceId, cancellationToken);
        await hub.ApplyAsync(config);

        // Reconciling needs the upstreams (probes are tool calls): it runs once they are up, while the gateway serves.
        _recovery = RecoverOpenRecordsAsync(open, _stopping.Token);
        if (config.SourcePath is not null)
        {
            _watcher = new ConfigWatcher(config, [new PolicyConfigCheck()], loggerFactory.CreateLogger<ConfigWatcher>());
            _watcher.Reloaded += next => _ = ApplyReloadAsync(next);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await _stopping.CancelAsync();
        await _recovery.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await hub.DisposeAsync();
        if (journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _stopping.Dispose();
    }

    private async Task ApplyReloadAsync(GatewayConfig next)
    {
        if (next.Server with { AllowedOrigins = config.Server.AllowedOrigins } != config.Server ||
            !next.Server.AllowedOrigins.SequenceEqual(config.Server.AllowedOrigins))
        {
            Log.ServerSettingsNeedRestart(logger);
        }

        try
        {
            policy.Update(next.Policy);
            await hub.ApplyAsync(next);
        }
        catch (Exception ex)
        {
            Log.ReloadFailed(logger, ex);
        }
    }

    /// <summary>
    /// A record still open from an earlier run of this instance means the gateway died mid-call: the outcome is
    /// unknown. Each is reconciled with its tool's probe (reconciled, failed, or closed as unknown).
    /// </summary>
    private async Task RecoverOpenRecordsAsync(IReadOnlyList<ExecutionRecord> open, CancellationToken ct)
    {
        if (open.Count == 0)
        {
            return;
        }

        Log.Recovered(logger, open.Count);
        await Task.Yield();
        foreach (var record in open)
        {
            try
            {
                await reconciler.ReconcileAsync(record, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ReconcileFailed(logger, record.ExecutionId, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Found {Count} calls left open by an earlier crash; reconciling them")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "connectors.yaml changed gateway settings; those take effect after a restart (connectors were applied)")]
        public static partial void ServerSettingsNeedRestart(ILogger logger);

        [LoggerMessage(3, LogLevel.Error, "Applying the reloaded configuration failed")]
        public static partial void ReloadFailed(ILogger logger, Exception ex);

        [LoggerMessage(4, LogLevel.Error, "Reconciling execution {ExecutionId} failed; it stays open for the next start")]
        public static partial void ReconcileFailed(ILogger logger, string executionId, Exception ex);

        [LoggerMessage(6, LogLevel.Information, "Moved {Count} idempotency keys from idempotency.db into the journal's database (the old file is kept as idempotency.db.imported)")]
        public static partial void IdempotencyImported(ILogger logger, int count);

        [LoggerMessage(5, LogLevel.Debug, "Connection values are sealed with the master key from {Source}")]
        public static partial void MasterKeyLoaded(ILogger logger, string source);
    }
}
