using McpGateway.Policy.Callers;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>One Streamable HTTP session: its transport, its server loop and when it was last used.</summary>
internal sealed class HttpMcpSession(string id, string? connectorScope, ApiKey? key, StreamableHttpServerTransport transport, McpServer server, TimeProvider time)
    : IAsyncDisposable
{
    private long _lastActivityTicks = time.GetUtcNow().UtcTicks;
    private int _activeRequests;
    private int _getStreamOpen;

    public string Id { get; } = id;

    public string? ConnectorScope { get; } = connectorScope;

    /// <summary>The key the session was opened with; every later request must present the same one.</summary>
    public ApiKey? Key { get; } = key;

    public StreamableHttpServerTransport Transport { get; } = transport;

    public McpServer Server { get; } = server;

    public Task RunTask { get; set; } = Task.CompletedTask;

    /// <summary>The last use written to the session store (by the sweep).</summary>
    public DateTimeOffset RecordedActivity { get; set; } = time.GetUtcNow();

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>A session serving a request or holding a GET stream is never idle.</summary>
    public bool IsBusy => Volatile.Read(ref _activeRequests) > 0 || Volatile.Read(ref _getStreamOpen) > 0;

    public Lease Acquire()
    {
        Interlocked.Increment(ref _activeRequests);
        Touch();
        return new Lease(this);
    }

    public bool TryOpenGetStream() => Interlocked.CompareExchange(ref _getStreamOpen, 1, 0) == 0;

    public void CloseGetStream() => Volatile.Write(ref _getStreamOpen, 0);

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, time.GetUtcNow().UtcTicks);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Transport.DisposeAsync();
        await RunTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public readonly struct Lease(HttpMcpSession session) : IDisposable
    {
        public void Dispose()
        {
            session.Touch();
            Interlocked.Decrement(ref session._activeRequests);
        }
    }
}
