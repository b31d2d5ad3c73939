using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>
/// A Streamable HTTP endpoint; every worker gets its own client, as separate agents would: a session each in 2025-11-25,
/// none in the stateless 2026-07-28.
/// </summary>
internal sealed class HttpTarget(
    string name, Uri endpoint, string echoTool, HttpClient http, Func<IReadOnlyList<int>> serverProcesses, string? apiKey = null, bool idempotencyKeys = false,
    string protocolVersion = BenchClients.ProtocolVersion)
    : IBenchTarget
{
    public bool IdempotencyKeys => idempotencyKeys;

    public string Name => name;

    public string EchoTool => echoTool;

    public string SessionNote => protocolVersion == BenchClients.StatelessVersion
        ? "c stateless clients (one per worker, no session), shared HTTP/1.1 pool"
        : "c sessions (one per worker), shared HTTP/1.1 pool";

    public IReadOnlyList<int> ServerProcesses() => serverProcesses();

    public async Task<IReadOnlyList<McpClient>> OpenSessionsAsync(int concurrency, CancellationToken ct)
    {
        var sessions = new List<McpClient>(concurrency);
        try
        {
            for (var i = 0; i < concurrency; i++)
            {
                var stateless = protocolVersion == BenchClients.StatelessVersion;
                sessions.Add(await BenchClients.ConnectHttpAsync(http, endpoint, getStream: !stateless, ct, apiKey, protocolVersion));
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
