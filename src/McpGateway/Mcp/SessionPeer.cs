using McpGateway.Connectors.Upstreams;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>Relays an upstream's sampling and elicitation requests to the client session that made the call.</summary>
internal sealed class SessionPeer(McpServer server) : IDownstreamPeer
{
    public bool SupportsSampling => server.ClientCapabilities?.Sampling is not null;

    public bool SupportsElicitation => server.ClientCapabilities?.Elicitation is not null;

    public ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        server.SampleAsync(request, cancellationToken);

    public ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken) =>
        server.ElicitAsync(request, cancellationToken);
}
