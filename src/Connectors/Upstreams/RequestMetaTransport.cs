using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Wraps an upstream transport so that, on a revision without sessions (2026-07-28), each request's <c>_meta</c> says
/// what the gateway means for that request, which the SDK client cannot: it writes the same client capabilities on every
/// request and no log level.
/// <list type="bullet">
/// <item>The log level the gateway wants: that revision has no <c>logging/setLevel</c>, and a server sends log messages only
/// for requests that name a level.</item>
/// <item>The client capabilities of the caller the request is made for (<see cref="ClientCapabilitiesItem"/> on the
/// request's <see cref="JsonRpcMessageContext.Items"/>): what the caller declared and the gateway can relay, so an
/// upstream that needs more answers -32021 instead of asking a caller that cannot answer.</item>
/// </list>
/// Only requests whose <c>_meta</c> names their revision are changed; a session's requests carry neither.
/// </summary>
internal sealed class RequestMetaTransport(IClientTransport inner, Func<LoggingLevel?> level) : IClientTransport
{
    /// <summary>The <see cref="JsonRpcMessageContext.Items"/> key of the <see cref="ClientCapabilities"/> to declare for a request.</summary>
    public const string ClientCapabilitiesItem = "mcpgw/clientCapabilities";

    private const string ProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";
    private const string ClientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";
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
            if (message is JsonRpcRequest { Params: JsonObject { } p } request && p["_meta"] is JsonObject meta && meta.ContainsKey(ProtocolVersionKey))
            {
                if (level() is { } wanted)
                {
                    meta[LogLevelKey] = JsonSerializer.SerializeToNode(wanted, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(LoggingLevel)));
                }

                if (request.Context?.Items?.TryGetValue(ClientCapabilitiesItem, out var item) is true && item is ClientCapabilities capabilities)
                {
                    meta[ClientCapabilitiesKey] = JsonSerializer.SerializeToNode(capabilities, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ClientCapabilities)));
                }
            }

            return inner.SendMessageAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
