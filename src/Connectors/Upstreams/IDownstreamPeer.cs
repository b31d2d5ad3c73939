using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>The client session that made a call, so requests an upstream makes during that call reach the right user.</summary>
public interface IDownstreamPeer
{
    /// <summary>The client declared the sampling capability.</summary>
    bool SupportsSampling { get; }

    /// <summary>The client declared the elicitation capability.</summary>
    bool SupportsElicitation { get; }

    /// <summary>Relays a sampling request to the client.</summary>
    ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken);

    /// <summary>Relays an elicitation request to the client.</summary>
    ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken);
}
