using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>The client session that made a call, so requests an upstream makes during that call reach the right user.</summary>
public interface IDownstreamPeer
{
    /// <summary>The client declared the sampling capability.</summary>
    bool SupportsSampling { get; }

    /// <summary>The client declared the elicitation capability.</summary>
    bool SupportsElicitation { get; }

    /// <summary>The client declared the roots capability.</summary>
    bool SupportsRoots { get; }

    /// <summary>
    /// The client answers input requests itself (MCP 2026-07-28): a 2026-07-28 upstream's <c>InputRequiredResult</c> is
    /// handed to it as it is (<see cref="ModelContextProtocol.Protocol.InputRequiredException"/>), not resolved here.
    /// </summary>
    bool TakesInputRequests { get; }

    /// <summary>Relays a sampling request to the client.</summary>
    ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken);

    /// <summary>Relays an elicitation request to the client.</summary>
    ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken);

    /// <summary>Relays a roots/list request to the client.</summary>
    ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken);
}
