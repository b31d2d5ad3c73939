namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// Sends each request to the next of <paramref name="replicas"/> in turn, whatever URL the client named: a load balancer
/// in the client's own process, for tests that want to know which replica got which request without HAProxy.
/// </summary>
internal sealed class RoundRobinHandler(IReadOnlyList<Uri> replicas) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _next = -1;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = replicas[(int)((uint)Interlocked.Increment(ref _next) % (uint)replicas.Count)];
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
