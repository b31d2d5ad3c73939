using System.IO.Pipelines;
using System.Threading.Channels;
using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Connectors.Upstreams.InProcess;

/// <summary>
/// Joins the connection's MCP client to an MCP server inside this process that serves an <see cref="IInProcessUpstream"/>,
/// over a pair of in-memory pipes. Everything above the client (listing, pinning, cards, the call pipeline, health,
/// status) then treats an <c>openapi</c> or <c>sql</c> connector exactly as it treats a child process.
/// </summary>
internal sealed class InProcessTransport(ConnectorConfig config, Func<CancellationToken, Task<IInProcessUpstream>> create, ILoggerFactory loggerFactory)
    : IClientTransport
{
    public string Name => config.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        // The backend is made here, not when the transport is created: reading a spec may fetch a URL, and a failure
        // then fails this connect attempt with its reason (the supervisor retries with backoff).
        var upstream = await create(cancellationToken);
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serverTransport = new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream(), config.Name, loggerFactory);
        var server = McpServer.Create(serverTransport, ServerOptions(upstream), loggerFactory);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => server.RunAsync(stop.Token), CancellationToken.None);
        var client = new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream(), loggerFactory);
        return new Session(await client.ConnectAsync(cancellationToken), async () =>
        {
            await stop.CancelAsync();
            await toServer.Writer.CompleteAsync();
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await server.DisposeAsync();
            await serverTransport.DisposeAsync();
            await upstream.DisposeAsync();
            stop.Dispose();
        });
    }

    private McpServerOptions ServerOptions(IInProcessUpstream upstream) => new()
    {
        ServerInfo = new Implementation { Name = "mcpgw-" + config.Kind.Name(), Version = GatewayInfo.Version },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. upstream.Tools] }),
            CallToolHandler = (request, ct) => request.Params is { } p
                ? upstream.CallAsync(p, ct)
                : throw new McpProtocolException("tools/call needs params", McpErrorCode.InvalidParams),
        },
    };

    /// <summary>The client's side; disposing it stops the server and releases the backend (its HTTP client, its pool).</summary>
    private sealed class Session(ITransport inner, Func<Task> stop) : ITransport
    {
        private int _disposed;

        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => inner.MessageReader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await inner.DisposeAsync();
                await stop();
            }
        }
    }
}
