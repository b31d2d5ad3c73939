using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Connectors.Tests.Upstreams;

/// <summary>
/// A connector that could not connect for want of a connection (not created yet) retries as soon as that connection is
/// set, not after its backoff: here the backoff is ten minutes, so only the change can bring the next attempt.
/// </summary>
public sealed class UpstreamReconnectTests : IAsyncDisposable
{
    private const string Yaml = """
        connectors:
          tok:
            kind: mcp-stdio
            command: /nonexistent/upstream
            env:
              TOKEN: "${secret:tok-token}"
        """;

    private readonly CountingResolver _resolver = new();
    private readonly UpstreamHub _hub;

    public UpstreamReconnectTests() => _hub = new UpstreamHub(new ToolCatalog(), new SecretValues(),
        new UpstreamOptions { InitialBackoff = TimeSpan.FromMinutes(10), MaxBackoff = TimeSpan.FromMinutes(10) },
        TimeProvider.System, NullLoggerFactory.Instance, _resolver);

    [Fact]
    public async Task ReconnectReferencing_ConnectorWaitingInBackoff_RetriesAtOnce()
    {
        await _hub.ApplyAsync(ConfigLoader.Parse(Yaml, "/x/connectors.yaml"));
        await WaitAsync(() => _resolver.Calls == 1 && _hub.Statuses[0].State == UpstreamState.Failed, "the first attempt to fail");

        var reconnecting = _hub.ReconnectReferencing("tok-token");

        Assert.Equal(["tok"], reconnecting);
        await WaitAsync(() => _resolver.Calls == 2, "a second attempt, well before the ten-minute backoff");
    }

    [Fact]
    public async Task ReconnectReferencing_OtherConnection_LeavesTheBackoffAlone()
    {
        await _hub.ApplyAsync(ConfigLoader.Parse(Yaml, "/x/connectors.yaml"));
        await WaitAsync(() => _resolver.Calls == 1 && _hub.Statuses[0].State == UpstreamState.Failed, "the first attempt to fail");

        Assert.Empty(_hub.ReconnectReferencing("other"));
        Assert.Equal(1, _resolver.Calls);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    // Every resolution fails as for a connection not created yet; only the count matters.
    private sealed class CountingResolver : ISecretResolver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<string> ResolveAsync(string name, string? field, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException($"${{secret:{name}}}: no connection named '{name}'");
        }
    }
}
