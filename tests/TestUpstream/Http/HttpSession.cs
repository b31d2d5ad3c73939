using ModelContextProtocol.Server;

namespace TestUpstream.Http;

/// <summary>One Streamable HTTP session: its transport, its server and the server's run loop.</summary>
internal sealed class HttpSession(string id, StreamableHttpServerTransport transport, McpServer server, Task runTask)
    : IAsyncDisposable
{
    private int _getStarted;

    public string Id { get; } = id;

    public StreamableHttpServerTransport Transport { get; } = transport;

    public McpServer Server { get; } = server;

    /// <summary>The transport serves one standalone GET stream per session; later ones are refused.</summary>
    public bool TryStartGet() => Interlocked.Exchange(ref _getStarted, 1) == 0;

    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        try
        {
            await runTask;
        }
        catch (OperationCanceledException)
        {
            // The run loop ends by cancellation when the app stops.
        }

        await Server.DisposeAsync();
    }
}
