using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>
/// TestUpstream over stdio, as the gateway itself reaches it: one child process and one session that all workers
/// share (requests are multiplexed by id), kept across runs so it stays warm like the gateway's upstream.
/// </summary>
internal sealed class StdioTarget(string upstreamDll) : IBenchTarget
{
    private McpClient? _client;

    public string Name => TargetNames.DirectStdio;

    public string EchoTool => "echo";

    public string SessionNote => "one stdio session shared by the c workers (the gateway's own upstream hop)";

    // The SDK does not expose its child's id: find our own TestUpstream child that is not the HTTP baseline.
    public IReadOnlyList<int> ServerProcesses() =>
        ProcessTree.ChildrenOf(Environment.ProcessId, "TestUpstream.dll")
            .Where(pid => !ProcessTree.ReadCommandLine(pid).Contains("--http", StringComparison.Ordinal))
            .ToList();

    public async Task<IReadOnlyList<McpClient>> OpenSessionsAsync(int concurrency, CancellationToken ct)
    {
        _client ??= await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = Name,
                Command = "dotnet",
                Arguments = [upstreamDll],
            }),
            BenchClients.Options,
            cancellationToken: ct);
        return Enumerable.Repeat(_client, concurrency).ToList();
    }

    public Task CloseSessionsAsync(IReadOnlyList<McpClient> sessions) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
