using McpGateway.Connectors.Changes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Runtime;
using McpGateway.Connectors.Sealing;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Hosting;

/// <summary>
/// Starts the gateway core in order (stores, this process's instance, upstreams, recovery of dead processes' work, config watching)
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
    IConnectorStore storedConnectors,
    Connectors.Catalog.Pinning.ToolPins pins,
    MasterKey masterKey,
    PolicyConfigSource policy,
    InstanceRecovery instances,
    UpstreamHub hub,
    RuntimeConnectors runtimeConnectors,
    ChangeFollower changes,
    ILoggerFactory loggerFactory,
    ILogger<GatewayLifetime> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ConfigWatcher? _watcher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await journal.InitializeAsync(cancellationToken);
        await keys.InitializeAsync(cancellationToken);
        await idempotency.InitializeAsync(cancellationToken);
        await approvals.InitializeAsync(cancellationToken);
        await connections.InitializeAsync(cancellationToken);
        await mcpServers.InitializeAsync(cancellationToken);
        await storedConnectors.InitializeAsync(cancellationToken);
        await pins.InitializeAsync(cancellationToken);
        Log.MasterKeyLoaded(logger, masterKey.Source);
        await instances.RegisterAsync(cancellationToken);
        // The file's connectors and those added over REST (kept in the store).
        await runtimeConnectors.StartAsync(config, [new PolicyConfigCheck()], cancellationToken);
        _ = RuleToolCheck.WarnAsync(config.Policy, hub, logger, _stopping.Token);

        // Recovering dead processes' calls needs the upstreams (probes are tool calls): it runs while the gateway serves.
        instances.Start();

        // Another process set or deleted a connection: the connectors using it reconnect with what the store now holds.
        changes.Handle(ChangeNotice.Connection, ReconnectReferencingAsync);
        // Another process accepted a changed tool definition: judge this process's tools against the new pin.
        changes.Handle(ChangeNotice.Pins, connector => pins.RecheckAsync(connector, _stopping.Token));

        // Another process added, changed or removed a stored connector: read the store again (a resync does too).
        runtimeConnectors.StoredChanged += () => _ = changes.PublishAsync(ChangeNotice.Connectors, "");
        changes.Handle(ChangeNotice.Connectors, _ => runtimeConnectors.RefreshAsync(_stopping.Token));
        changes.Start();
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
        await changes.StopAsync();
        await instances.StopAsync();
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

    private async Task ReconnectReferencingAsync(string connection)
    {
        // An empty name is a resync: any connection may have changed.
        IEnumerable<string> names = connection.Length > 0 ? [connection] : (await connections.ListAsync(_stopping.Token)).Select(c => c.Name);
        foreach (var name in names)
        {
            var reconnecting = hub.ReconnectReferencing(name);
            if (reconnecting.Count > 0)
            {
                Log.ConnectionChangedElsewhere(logger, name, string.Join(", ", reconnecting));
            }
        }
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
            await runtimeConnectors.FileChangedAsync(next);
            _ = RuleToolCheck.WarnAsync(next.Policy, hub, logger, _stopping.Token);
        }
        catch (Exception ex)
        {
            Log.ReloadFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Warning, "connectors.yaml changed gateway settings; those take effect after a restart (connectors were applied)")]
        public static partial void ServerSettingsNeedRestart(ILogger logger);

        [LoggerMessage(3, LogLevel.Error, "Applying the reloaded configuration failed")]
        public static partial void ReloadFailed(ILogger logger, Exception ex);

        [LoggerMessage(5, LogLevel.Debug, "Connection values are sealed with the master key from {Source}")]
        public static partial void MasterKeyLoaded(ILogger logger, string source);

        [LoggerMessage(6, LogLevel.Information, "Connection {Connection} changed on another process; reconnecting {Connectors}")]
        public static partial void ConnectionChangedElsewhere(ILogger logger, string connection, string connectors);
    }
}
