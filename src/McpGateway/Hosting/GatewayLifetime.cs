using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Hosting;

/// <summary>
/// Starts the gateway core in order (journal, recovery of records a crash left open, upstreams, config watching)
/// and stops it in reverse. Upstreams connect in the background: the gateway serves before they are up.
/// </summary>
internal sealed partial class GatewayLifetime(
    GatewayConfig config,
    IJournalStore journal,
    JournalOptions journalOptions,
    UpstreamHub hub,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<GatewayLifetime> logger) : IHostedService, IDisposable
{
    private ConfigWatcher? _watcher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await journal.InitializeAsync(cancellationToken);
        await RecoverOpenRecordsAsync(cancellationToken);
        await hub.ApplyAsync(config);
        if (config.SourcePath is not null)
        {
            _watcher = new ConfigWatcher(config, loggerFactory.CreateLogger<ConfigWatcher>());
            _watcher.Reloaded += next => _ = ApplyReloadAsync(next);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await hub.DisposeAsync();
        if (journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private async Task ApplyReloadAsync(GatewayConfig next)
    {
        if (next.Server with { AllowedOrigins = config.Server.AllowedOrigins } != config.Server ||
            !next.Server.AllowedOrigins.SequenceEqual(config.Server.AllowedOrigins))
        {
            Log.ServerSettingsNeedRestart(logger);
        }

        try
        {
            await hub.ApplyAsync(next);
        }
        catch (Exception ex)
        {
            Log.ReloadFailed(logger, ex);
        }
    }

    /// <summary>
    /// A record still open from an earlier run of this instance means the gateway died mid-call: the outcome is
    /// unknown. It is closed as <c>unknown</c> so it is visible; probing the upstream for it comes with reconciliation.
    /// </summary>
    private async Task RecoverOpenRecordsAsync(CancellationToken ct)
    {
        var open = await journal.ListOpenAsync(journalOptions.InstanceId, ct);
        foreach (var record in open)
        {
            await journal.CloseAsync(
                new ExecutionClose(record.ExecutionId, record.Connector, time.GetUtcNow(), "unknown",
                    "The gateway stopped before this call finished; whether the upstream ran it is unknown.", "[]"),
                ct);
        }

        if (open.Count > 0)
        {
            Log.Recovered(logger, open.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Found {Count} calls left open by an earlier crash; marked them unknown")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "connectors.yaml changed gateway settings; those take effect after a restart (connectors were applied)")]
        public static partial void ServerSettingsNeedRestart(ILogger logger);

        [LoggerMessage(3, LogLevel.Error, "Applying the reloaded configuration failed")]
        public static partial void ReloadFailed(ILogger logger, Exception ex);
    }
}
