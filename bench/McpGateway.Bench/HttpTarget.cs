using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>A Streamable HTTP endpoint; every worker gets its own session, as separate agents would.</summary>
internal sealed class HttpTarget(
    string name, Uri endpoint, string echoTool, HttpClient http, Func<IReadOnlyList<int>> serverProcesses, string? apiKey = null, bool idempotencyKeys = false)
    : IBenchTarget
{
    public bool IdempotencyKeys => idempotencyKeys;

    public string Name => name;

    public string EchoTool => echoTool;

    public string SessionNote => "c sessions (one per worker), shared HTTP/1.1 pool";

    public IReadOnlyList<int> ServerProcesses() => serverProcesses();

    public async Task<IReadOnlyList<McpClient>> OpenSessionsAsync(int concurrency, CancellationToken ct)
    {
        var sessions = new List<McpClient>(concurrency);
        try
        {
            for (var i = 0; i < concurrency; i++)
            {
                sessions.Add(await BenchClients.ConnectHttpAsync(http, endpoint, getStream: true, ct, apiKey));
            }
        }
        catch
        {
            await CloseSessionsAsync(sessions);
            throw;
        }

        return sessions;
    }

    public async Task CloseSessionsAsync(IReadOnlyList<McpClient> sessions)
    {
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
