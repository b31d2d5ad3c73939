using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Catalog.Pinning;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Owns one <see cref="UpstreamConnection"/> per configured connector and applies configuration changes:
/// new connectors start, removed ones stop, ones whose transport changed restart, and ones whose tool overrides
/// changed republish their cards without reconnecting.
/// </summary>
public sealed class UpstreamHub : IAsyncDisposable
{
    private readonly Dictionary<string, UpstreamConnection> _connections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly ILoggerFactory _loggerFactory;
    private readonly UpstreamOptions _options;
    private string _baseDirectory = Directory.GetCurrentDirectory();

    /// <summary>Creates the hub.</summary>
    /// <param name="catalog">The catalog connections publish to.</param>
    /// <param name="secrets">Resolved reference values, for redaction.</param>
    /// <param name="options">Supervision settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Loggers.</param>
    /// <param name="secretResolver">Resolves <c>${secret:…}</c> references; without it they fail the connector.</param>
    /// <param name="pins">Checks each listing against the pinned definitions; without it nothing is pinned or quarantined.</param>
    public UpstreamHub(ToolCatalog catalog, SecretValues secrets, UpstreamOptions options, TimeProvider time, ILoggerFactory loggerFactory, ISecretResolver? secretResolver = null, ToolPins? pins = null)
    {
        Pins = pins;
        SecretResolver = secretResolver;
        Catalog = catalog;
        Secrets = secrets;
        Time = time;
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <summary>An upstream sent <c>notifications/resources/updated</c> (connector, upstream URI).</summary>
    public event Action<string, string>? ResourceUpdated;

    /// <summary>An upstream sent a log message (connector, message).</summary>
    public event Action<string, LoggingMessageNotificationParams>? LogMessage;

    /// <summary>The catalog the connections publish to.</summary>
    public ToolCatalog Catalog { get; }

    internal SecretValues Secrets { get; }

    internal ToolPins? Pins { get; }

    internal ISecretResolver? SecretResolver { get; }

    internal TimeProvider Time { get; }

    /// <summary>Every connector's status, in configuration order.</summary>
    public IReadOnlyList<UpstreamStatus> Statuses
    {
        get
        {
            lock (_connections)
            {
                return _connections.Values.Select(c => c.Status).ToList();
            }
        }
    }

    /// <summary>
    /// How long a first <c>tools/list</c>, or a call to a tool of a connector still starting, waits for connectors that are
    /// starting (<c>gateway.startup_wait</c>); a connector that failed its start is not waited for.
    /// </summary>
    public TimeSpan StartupWait { get; private set; } = GatewayDefaults.StartupWait;

    /// <summary>
    /// Waits, at most <see cref="StartupWait"/>, until every connector's first start has ended (or only
    /// <paramref name="connector"/>'s). Returns at once when none is starting.
    /// </summary>
    public async Task WhenStartedAsync(string? connector = null, CancellationToken cancellationToken = default)
    {
        Task[] starting;
        lock (_connections)
        {
            starting = _connections.Values
                .Where(c => (connector is null || c.Config.Name == connector) && !c.Started.IsCompleted)
                .Select(c => c.Started).ToArray();
        }

        if (starting.Length == 0 || StartupWait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.WhenAll(starting).WaitAsync(StartupWait, Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Bounded: whatever is up by now is what the caller gets.
        }
    }

    /// <summary>Finds a connector's connection.</summary>
    public bool TryGet(string connector, out UpstreamConnection connection)
    {
        lock (_connections)
        {
            return _connections.TryGetValue(connector, out connection!);
        }
    }

    /// <summary>Makes the running connections match <paramref name="config"/>. Returns once changes are started, not connected.</summary>
    public async Task ApplyAsync(GatewayConfig config)
    {
        await _applyGate.WaitAsync();
        try
        {
            StartupWait = config.Server.StartupWait;
            _baseDirectory = config.BaseDirectory;
            var wanted = config.Connectors.ToDictionary(c => c.Name, StringComparer.Ordinal);
            List<UpstreamConnection> stop;
            lock (_connections)
            {
                stop = _connections.Values.Where(c => !wanted.TryGetValue(c.Config.Name, out var w) || !w.TransportEquals(c.Config)).ToList();
                foreach (var c in stop)
                {
                    _connections.Remove(c.Config.Name);
                }
            }

            await Task.WhenAll(stop.Select(c => c.DisposeAsync().AsTask()));
            foreach (var connector in config.Connectors)
            {
                UpstreamConnection? started = null;
                lock (_connections)
                {
                    if (_connections.TryGetValue(connector.Name, out var existing))
                    {
                        existing.UpdateConfig(connector);
                    }
                    else
                    {
                        started = new UpstreamConnection(connector, config.BaseDirectory, this, _options, _loggerFactory);
                        _connections[connector.Name] = started;
                    }
                }

                started?.Start();
            }
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>
    /// Stops a connector's connection and starts a new one with the same settings (a new child process or HTTP client);
    /// false when no connector has that name. Returns once the new connection is started, not connected.
    /// </summary>
    public async Task<bool> RestartAsync(string connector)
    {
        await _applyGate.WaitAsync();
        try
        {
            UpstreamConnection? old;
            lock (_connections)
            {
                if (!_connections.Remove(connector, out old))
                {
                    return false;
                }
            }

            await old.DisposeAsync();
            var started = new UpstreamConnection(old.Config, _baseDirectory, this, _options, _loggerFactory);
            lock (_connections)
            {
                _connections[connector] = started;
            }

            started.Start();
            return true;
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>
    /// Reconnects the connectors whose values reference <paramref name="connection"/> (a connected one in place, one waiting
    /// to retry at once); returns their names.
    /// </summary>
    public IReadOnlyList<string> ReconnectReferencing(string connection)
    {
        List<UpstreamConnection> affected;
        lock (_connections)
        {
            affected = _connections.Values.Where(c => c.ReferencesSecret(connection)).ToList();
        }

        foreach (var c in affected)
        {
            c.Reconnect();
        }

        return affected.Select(c => c.Config.Name).ToList();
    }

    internal void RaiseResourceUpdated(string connector, string uri) => ResourceUpdated?.Invoke(connector, uri);

    internal void RaiseLogMessage(string connector, LoggingMessageNotificationParams message) => LogMessage?.Invoke(connector, message);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<UpstreamConnection> all;
        lock (_connections)
        {
            all = [.. _connections.Values];
            _connections.Clear();
        }

        await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask()));
        _applyGate.Dispose();
    }
}
