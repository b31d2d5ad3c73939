using System.Collections.Concurrent;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// The servers that answer stateless requests (2026-07-28): one per endpoint and API key, made on first use and kept,
/// since a stateless server keeps nothing of any client between requests (each request carries its revision, client
/// and capabilities). Building an SDK server per request cost the gateway about 70 µs of CPU per call (bench/README.md).
/// </summary>
internal sealed class StatelessServers(McpSurface surface, ILoggerFactory loggers, IServiceProvider services) : IAsyncDisposable
{
    // Endpoints times keys in use; past this, requests get a server of their own instead of growing the map.
    private const int MaxKept = 1024;

    private readonly ConcurrentDictionary<(string? Connector, string? KeyId), Lazy<Entry>> _servers = new();
    private readonly CancellationTokenSource _stopped = new();

    /// <summary>The transport that answers stateless requests on <paramref name="connector"/>'s endpoint for <paramref name="key"/>.</summary>
    public StreamableHttpServerTransport? For(string? connector, ApiKey? key)
    {
        if (_servers.Count >= MaxKept && !_servers.ContainsKey((connector, key?.Id)))
        {
            return null;
        }

        return _servers.GetOrAdd((connector, key?.Id), _ => new Lazy<Entry>(() => Start(connector, key))).Value.Transport;
    }

    /// <summary>A server of its own for one request (when too many are kept); the caller disposes the returned pair.</summary>
    public (StreamableHttpServerTransport Transport, IAsyncDisposable Server) ForOneRequest(string? connector, ApiKey? key)
    {
        var entry = Start(connector, key);
        return (entry.Transport, entry);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        foreach (var entry in _servers.Values.Where(l => l.IsValueCreated).Select(l => l.Value))
        {
            await entry.DisposeAsync();
        }

        _servers.Clear();
    }

    private Entry Start(string? connector, ApiKey? key)
    {
        var transport = new StreamableHttpServerTransport(loggers) { Stateless = true };
        var server = McpServer.Create(transport, surface.CreatePerRequestOptions(connector, key), loggers, services);
        // Not stopped with the application: a request in flight when it stops (a subscriptions/listen ended by the stop
        // among them) still gets its response while the HTTP server drains; the servers stop when they are disposed.
        return new Entry(transport, server, server.RunAsync(_stopped.Token));
    }

    private sealed record Entry(StreamableHttpServerTransport Transport, McpServer Server, Task Running) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transport.DisposeAsync();
            await Server.DisposeAsync();
            await Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
