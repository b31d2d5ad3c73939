using McpGateway.Connectors.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// The downstream of a 2026-07-28 client's request other than a tool call (prompts/get): a 2026-07-28 upstream's input
/// requests of the kinds the request declared are handed to the client as they are; a 2025-11-25 upstream's own requests
/// during it are not relayed.
/// </summary>
internal sealed class RelayOnlyPeer(bool elicitation, bool sampling, bool roots) : IDownstreamPeer
{
    public bool SupportsSampling => sampling;

    public bool SupportsElicitation => elicitation;

    public bool SupportsRoots => roots;

    public bool TakesInputRequests => true;

    public ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        throw new McpProtocolException("The upstream's sampling request cannot be relayed during this request.", McpErrorCode.InvalidRequest);

    public ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken) =>
        throw new McpProtocolException("The upstream's elicitation request cannot be relayed during this request.", McpErrorCode.InvalidRequest);

    public ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken) =>
        throw new McpProtocolException("The upstream's roots request cannot be relayed during this request.", McpErrorCode.InvalidRequest);
}
