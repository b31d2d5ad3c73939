using McpGateway.Connectors.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// The downstream of a 2026-07-28 client's call: there is no session to send the upstream's elicitation, sampling or roots request
/// to, so it is put to the client as an input request of an <c>InputRequiredResult</c> (<see cref="HeldExchange"/>), only
/// for the kinds the request declared in <c>_meta</c> clientCapabilities.
/// </summary>
internal sealed class RoundTripPeer(HeldExchange exchange, bool elicitation, bool sampling, bool roots) : IDownstreamPeer
{
    public bool SupportsSampling => sampling;

    public bool SupportsElicitation => elicitation;

    public bool SupportsRoots => roots;

    public bool TakesInputRequests => true;

#pragma warning disable MCP9005 // Sampling is deprecated in 2026-07-28 but still valid as an input request; upstreams of 2025 use it.
    public async ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken)
    {
        var answer = await exchange.AskAsync(InputRequest.ForSampling(request), cancellationToken);
        return answer.Deserialize(InputResponse.CreateMessageResultJsonTypeInfo) ?? throw Unreadable("a sampling result");
    }
#pragma warning restore MCP9005

    public async ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken)
    {
        var answer = await exchange.AskAsync(InputRequest.ForElicitation(request), cancellationToken);
        return answer.Deserialize(InputResponse.ElicitResultJsonTypeInfo) ?? throw Unreadable("an elicitation result");
    }

    public async ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken)
    {
        var answer = await exchange.AskAsync(InputRequest.ForRootsList(request), cancellationToken);
        return answer.Deserialize(InputResponse.ListRootsResultJsonTypeInfo) ?? throw Unreadable("a roots list");
    }

    private static McpProtocolException Unreadable(string what) =>
        new($"The client's answer is not {what}.", McpErrorCode.InvalidParams);
}
