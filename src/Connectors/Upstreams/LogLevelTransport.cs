using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Wraps an upstream transport so that, on a revision without sessions (2026-07-28), each request carries the log level
/// the gateway wants in <c>_meta</c>: that revision has no <c>logging/setLevel</c>, and a server sends log messages
/// only for requests that name a level. The SDK client writes the request's <c>_meta</c> without one, so it is added
/// here, on the way out, to requests whose <c>_meta</c> names their revision.
/// </summary>
internal sealed class LogLevelTransport(IClientTransport inner, Func<LoggingLevel?> level) : IClientTransport
{
    private const string ProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";
    private const string LogLevelKey = "io.modelcontextprotocol/logLevel";

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), level);

    private sealed class Session(ITransport inner, Func<LoggingLevel?> level) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => inner.MessageReader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            if (message is JsonRpcRequest { Params: JsonObject { } p } && p["_meta"] is JsonObject meta && meta.ContainsKey(ProtocolVersionKey)
                && level() is { } wanted)
            {
                meta[LogLevelKey] = JsonSerializer.SerializeToNode(wanted, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(LoggingLevel)));
            }

            return inner.SendMessageAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
