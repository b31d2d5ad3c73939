using McpGateway.Connectors.Changes;
using McpGateway.Connectors.Configuration;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Files;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;
using McpGateway.Mcp;

namespace McpGateway.Hosting;

/// <summary>
/// Starts flows after the gateway core: the stores (sealing webhook secrets an earlier version kept in clear), the flow files under <c>flows_dir</c> (loaded again when one changes), the flow tools, the engine
/// (which resumes runs a crash or a stop left unfinished) and the cron trigger. Stopping gives running nodes the
/// configured grace and leaves the rest resumable.
/// </summary>
internal sealed partial class FlowsLifetime(
    GatewayConfig config,
    IFlowStore flowStore,
    IRunStore runStore,
    FlowService flows,
    FlowDirectory files,
    FlowTools tools,
    FlowEngine engine,
    CronTrigger cron,
    ChangeFollower changes,
    ILogger<FlowsLifetime> logger,
    ILogger<FlowFilesWatcher> watcherLogger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private FlowFilesWatcher? _watcher;
    private Task _cron = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await flowStore.InitializeAsync(cancellationToken);
        await runStore.InitializeAsync(cancellationToken);
        var sealedSecrets = await flows.SealClearWebhookSecretsAsync(cancellationToken);
        if (sealedSecrets > 0)
        {
            Log.WebhookSecretsSealed(logger, sealedSecrets);
        }

        var directory = Path.GetFullPath(config.Server.FlowsDir, config.BaseDirectory);
        var loaded = await files.LoadAsync(directory, cancellationToken);
        if (loaded > 0)
        {
            Log.FilesLoaded(logger, loaded, directory);
        }

        if (Directory.Exists(directory))
        {
            _watcher = new FlowFilesWatcher(directory, token => files.LoadAsync(directory, token), watcherLogger);
        }

        await tools.StartAsync(cancellationToken);

        // Replicas share flows: each tells the others when the flow tools may differ (publish, enable, disable, ...),
        // and rebuilds its own list when another one says so.
        flows.ToolsChanged += () => _ = changes.PublishAsync(ChangeNotice.Flows, "");
        changes.Handle(ChangeNotice.Flows, _ => tools.RefreshAsync(_stopping.Token));
        await engine.StartAsync(cancellationToken);
        _cron = cron.RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await _stopping.CancelAsync();
        await _cron.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await engine.StopAsync(config.Server.ShutdownGrace, cancellationToken);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Count} flow files from {Directory}")]
        public static partial void FilesLoaded(ILogger logger, int count, string directory);

        [LoggerMessage(2, LogLevel.Information, "Sealed {Count} webhook secrets an earlier version stored in clear")]
        public static partial void WebhookSecretsSealed(ILogger logger, int count);
    }
}
