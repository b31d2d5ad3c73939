using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>
/// Memory per idle session: a fresh, warmed gateway's RSS before and after opening N sessions that only initialize
/// (the SDK sends initialize and notifications/initialized) and then stay open without calls.
/// </summary>
internal static class IdleSessionProbe
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IdleResult> MeasureAsync(
        BenchPaths paths, IReadOnlyDictionary<string, string> environment, HttpClient http, int count, bool getStream, CancellationToken ct)
    {
        await using var gateway = await GatewayHost.StartAsync(paths, environment, http, ct);
        var target = new HttpTarget(TargetNames.Gateway, gateway.McpEndpoint, "demo__echo", http, gateway.ServerProcesses);
        await LoadRun.WarmUpAsync(target, 1_000, ct);
        await Task.Delay(Settle, ct);
        var before = ProcessMemory.Read(gateway.ProcessId);

        var sessions = new McpClient[count];
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (i, token) => sessions[i] = await BenchClients.ConnectHttpAsync(http, gateway.McpEndpoint, getStream, token));
            await Task.Delay(Settle, ct);
            var after = ProcessMemory.Read(gateway.ProcessId);
            var open = await gateway.SessionCountAsync(http, ct);
            return new IdleResult(count, getStream, open, before, after);
        }
        finally
        {
            await Parallel.ForEachAsync(sessions.Where(s => s is not null), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (s, _) => await s.DisposeAsync());
        }
    }
}
