using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// One connector's upstream, supervised: connect, publish its inventory to the catalog, watch it (process exit,
/// missed pings), and on failure withdraw its tools and reconnect with exponential backoff. A connector that
/// cannot start never delays the others: each runs its own loop.
/// </summary>
public sealed partial class UpstreamConnection : IAsyncDisposable
{
    private readonly ToolCatalog _catalog;
    private readonly SecretValues _secrets;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly string _baseDirectory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reconnectGate = new(1, 1);
    private readonly ProgressRouter _progress = new();
    private readonly InputRequiredPassThrough _inputRequired = new();
    private volatile string? _lastStderr;
    private volatile McpClient? _client;
    private volatile UpstreamStatus _status;
    private Task? _loop;
    private int _restarts;
    private TaskCompletionSource _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource _referenceChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal UpstreamConnection(ConnectorConfig config, string baseDirectory, UpstreamHub hub, UpstreamOptions options, ILoggerFactory loggerFactory)
    {
        Config = config;
        Hub = hub;
        _catalog = hub.Catalog;
        _secrets = hub.Secrets;
        _options = options;
        _time = hub.Time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("McpGateway.Upstream." + config.Name);
        _baseDirectory = baseDirectory;
        _status = NewStatus(config.Enabled ? UpstreamState.Connecting : UpstreamState.Disabled, null, 0);
        if (!config.Enabled)
        {
            _started.TrySetResult();
        }
    }

    /// <summary>The connector's configuration (replaced in place when only tool overrides change).</summary>
    public ConnectorConfig Config { get; private set; }

    /// <summary>The connector's current status.</summary>
    public UpstreamStatus Status => _status;

    /// <summary>Completes when the first start has ended: connected (its tools are in the catalog), failed, or stopped.</summary>
    public Task Started => _started.Task;

    internal UpstreamHub Hub { get; }

    internal void Start()
    {
        if (Config.Enabled)
        {
            _loop = Task.Run(SuperviseAsync);
        }
    }

    /// <summary>True when a value of the connector names the connection in a <c>${secret:…}</c> reference.</summary>
    internal bool ReferencesSecret(string connection)
    {
        return Config.ReferenceValues().Any(v => ReferenceResolver.FindSecretReferences(v).Any(r => ReferenceResolver.SplitSecret(r).Name == connection));
    }

    /// <summary>
    /// Re-creates a connected client in place (the tools stay listed), resolving references again: used when a
    /// connection it references changed. A connector waiting to retry retries now (the change may be what it lacked);
    /// one connecting with the values it read before the change connects again once up.
    /// </summary>
    internal void Reconnect()
    {
        _referenceChanged.TrySetResult();
        if (_client is not null)
        {
            _broken.TrySetResult();
        }
    }

    // Called before each attempt reads the references: a change from then on is seen by ReconnectIfChanged or the backoff.
    private void WatchReferences() =>
        _referenceChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    // The client just installed read references that changed meanwhile: replace it.
    private void ReconnectIfChanged()
    {
        if (_referenceChanged.Task.IsCompleted)
        {
            _broken.TrySetResult();
        }
    }

    /// <summary>Applies changed tool overrides without reconnecting.</summary>
    internal void UpdateConfig(ConnectorConfig config)
    {
        var pinningChanged = config.Pinning != Config.Pinning;
        Config = config;
        if (_client is not null && _catalog.Current.Connectors.TryGetValue(config.Name, out var inventory))
        {
            WarnUnknownOverrides(config, inventory);
            _catalog.Publish(config, inventory, CatalogChange.Tools);
            if (pinningChanged && Hub.Pins is { } pins)
            {
                // Switched to pinning: auto, a quarantined tool is accepted now rather than at the upstream's next listing.
                _ = pins.RecheckAsync(config.Name, _stopping.Token);
            }
        }
    }

    private async Task SuperviseAsync()
    {
        var ct = _stopping.Token;
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            string reason;
            var connectedAt = _time.GetUtcNow();
            try
            {
                // Keep the last failure's reason while retrying, so status and refusals can say why.
                SetStatus(UpstreamState.Connecting, attempt == 0 ? null : _status.Reason);
                WatchReferences();
                var (client, inventory) = await CreateClientAsync(ct);
                Install(client, inventory, CatalogChange.All);
                connectedAt = _time.GetUtcNow();
                SetStatus(UpstreamState.Connected, null);
                Log.Connected(_logger, Config.Name, inventory.Tools.Count);
                ReconnectIfChanged();
                reason = await WatchAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                reason = Describe(ex);
            }

            // Status first: a call that finds the tools gone must also find the reason.
            var wasConnecting = _status.State == UpstreamState.Connecting;
            _restarts++;
            SetStatus(wasConnecting ? UpstreamState.Failed : UpstreamState.Restarting, reason);
            await DropClientAsync();
            if (ct.IsCancellationRequested)
            {
                break;
            }

            if (_time.GetUtcNow() - connectedAt > _options.MaxBackoff)
            {
                attempt = 0;
            }

            var delay = Backoff(attempt++);
            Log.Down(_logger, Config.Name, reason, delay.TotalMilliseconds);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(Task.Delay(delay, _time, wait.Token), _referenceChanged.Task);
            await wait.CancelAsync();
            if (ct.IsCancellationRequested)
            {
                break;
            }
        }

        SetStatus(UpstreamState.Stopped, "stopped by the gateway");
    }

    /// <summary>
    /// Watches the connected upstream. A lost HTTP session (the upstream restarted or expired it) or a changed connection
    /// is re-created in place: the new client connects while the old one still serves (a stdio connector's new child starts
    /// before the old one is stopped), the tools stay listed and calls waiting on the swap are replayed. Anything else ends
    /// the connection.
    /// </summary>
    private async Task<string> WatchAsync(CancellationToken ct)
    {
        while (true)
        {
            var (reason, sessionLost) = await WaitUntilBrokenAsync(ct);
            if (!sessionLost)
            {
                return reason;
            }

            Log.SessionRecreated(_logger, Config.Name, reason);
            var stale = _client;
            WatchReferences();
            var (client, inventory) = await CreateClientAsync(ct);
            var previous = _catalog.Current.Connectors.GetValueOrDefault(Config.Name);
            Install(client, inventory, SameTools(previous, inventory) ? CatalogChange.None : CatalogChange.All);
            _restarts++;
            SetStatus(UpstreamState.Connected, null);
            ReconnectIfChanged();
            if (stale is not null)
            {
                await DisposeQuietlyAsync(stale);
            }
        }
    }

    private async Task<(McpClient Client, UpstreamInventory Inventory)> CreateClientAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ConnectTimeout);
        _lastStderr = null;
        var secretValues = await UpstreamClientFactory.ResolveSecretsAsync(Config, Hub.SecretResolver, timeout.Token);
        var transport = UpstreamClientFactory.CreateTransport(Config, _baseDirectory, _secrets, secretValues, OnStderr, _loggerFactory);

        // The SDK dispatches incoming messages concurrently, so a call's last progress notification could lose the
        // race with its response; the ordered transport delivers progress in wire order, before the response.
        // A 2026 upstream hears the log level and the caller's client capabilities on each request (RequestMetaTransport).
        var client = await McpClient.CreateAsync(
            new OrderedProgressTransport(new RequestMetaTransport(transport, () => Volatile.Read(ref _logLevel) is var level and >= 0 ? (LoggingLevel)level : null), _progress, _inputRequired), CreateClientOptions(), _loggerFactory, timeout.Token);
        try
        {
            return (client, await PinAsync(await ListInventoryAsync(client, timeout.Token), timeout.Token));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private void Install(McpClient client, UpstreamInventory inventory, CatalogChange change)
    {
        _broken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client = client;
        WarnUnknownOverrides(Config, inventory);
        _catalog.Publish(Config, inventory, change);
        SignalClientChanged();
        StartListening(client);
    }

    // An override for a tool the upstream does not have (a typo, or a tool it dropped) changes nothing: say so once per
    // listing, with the closest name.
    private void WarnUnknownOverrides(ConnectorConfig config, UpstreamInventory inventory)
    {
        foreach (var name in config.Tools.Keys)
        {
            if (!inventory.Tools.Any(t => t.Name == name))
            {
                var hint = Suggestions.Closest(name, inventory.Tools.Select(t => t.Name));
                Log.UnknownOverride(_logger, config.Name, name, hint is null ? "" : $"; did you mean '{hint}'?");
            }
        }
    }

    private static bool SameTools(UpstreamInventory? a, UpstreamInventory b) =>
        a is not null && a.Tools.Count == b.Tools.Count && a.Tools.Zip(b.Tools).All(p => p.First.Name == p.Second.Name &&
            p.First.Description == p.Second.Description && p.First.InputSchema.GetRawText() == p.Second.InputSchema.GetRawText());

    private async Task DropClientAsync()
    {
        var client = _client;
        _client = null;
        StopListening();
        _catalog.Remove(Config.Name);
        if (client is not null)
        {
            await DisposeQuietlyAsync(client);
        }
    }

    private async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception ex)
        {
            Log.DisposeFailed(_logger, Config.Name, ex.Message);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(ms);
    }

    private void SetStatus(UpstreamState state, string? reason)
    {
        _status = NewStatus(state, reason, _restarts);
        if (state != UpstreamState.Connecting)
        {
            _started.TrySetResult();
        }
    }

    private UpstreamStatus NewStatus(UpstreamState state, string? reason, int restarts) =>
        new(Config.Name, Config.Kind.Name(), state, reason, _time.GetUtcNow(),
            _catalog.Current.ByConnector.TryGetValue(Config.Name, out var tools) && state == UpstreamState.Connected ? tools.Count : 0, restarts,
            state == UpstreamState.Connected ? ProtocolVersion : null);

    private void OnStderr(string line)
    {
        var redacted = _secrets.Redact(line);
        _lastStderr = redacted;
        Log.Stderr(_logger, Config.Name, redacted);
    }

    private string DescribeCompletion(ClientCompletionDetails details)
    {
        var what = details.Exception is { } ex ? "the connection closed: " + _secrets.Redact(ex.Message)
            : Config.Kind == ConnectorKind.McpStdio ? "the process exited" : "the connection closed";
        return _lastStderr is { } last && Config.Kind == ConnectorKind.McpStdio ? $"{what} (last stderr line: {last})" : what;
    }

    private string Describe(Exception ex) => _secrets.Redact(ex switch
    {
        OperationCanceledException => "timed out while connecting",
        _ when ex.InnerException is { } inner && ex.Message.Length < 40 => ex.Message + ": " + inner.Message,
        _ => ex.Message,
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await DropClientAsync();
        _stopping.Dispose();
        _reconnectGate.Dispose();
    }
}
