using McpGateway.Connectors.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Relays an upstream's sampling, elicitation and roots requests to the client session that made the call. When the
/// upstream cancels its request, the client is told with <c>notifications/cancelled</c> (the SDK does not send it
/// for a cancelled token, so the relay sends it under a request id of its own).
/// </summary>
internal sealed class SessionPeer(McpServer server) : IDownstreamPeer
{
    private static long s_nextId;

    public bool SupportsSampling => server.ClientCapabilities?.Sampling is not null;

    public bool SupportsElicitation => server.ClientCapabilities?.Elicitation is not null;

    public bool SupportsRoots => server.ClientCapabilities?.Roots is not null;

    public bool TakesInputRequests => false;

    public ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        SendAsync<CreateMessageRequestParams, CreateMessageResult>(RequestMethods.SamplingCreateMessage, request, cancellationToken);

    public ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken) =>
        SendAsync<ElicitRequestParams, ElicitResult>(RequestMethods.ElicitationCreate, request, cancellationToken);

    public ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken) =>
        SendAsync<ListRootsRequestParams, ListRootsResult>(RequestMethods.RootsList, request, cancellationToken);

    private async ValueTask<TResult> SendAsync<TParams, TResult>(string method, TParams request, CancellationToken ct)
        where TParams : notnull
        where TResult : notnull
    {
        var id = new RequestId("gw-relay-" + Interlocked.Increment(ref s_nextId));
        try
        {
            return await server.SendRequestAsync<TParams, TResult>(method, request, McpJsonUtilities.DefaultOptions, id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _ = server.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = id, Reason = "the upstream cancelled its request" },
                McpJsonUtilities.DefaultOptions,
                CancellationToken.None).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }
}
