using McpGateway.Connectors.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Approval;

/// <summary>A client session that can elicit and answers every elicitation with <see cref="Answer"/>.</summary>
internal sealed class FakeDownstreamPeer(ElicitResult answer) : IDownstreamPeer
{
    public ElicitResult Answer { get; } = answer;

    public List<ElicitRequestParams> Asked { get; } = [];

    public bool SupportsSampling => false;

    public bool SupportsElicitation => true;

    public bool SupportsRoots => false;

    public bool TakesInputRequests => false;

    public ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken)
    {
        Asked.Add(request);
        return ValueTask.FromResult(Answer);
    }
}
