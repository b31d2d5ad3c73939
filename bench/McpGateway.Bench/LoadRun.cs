using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>
/// A closed loop: each worker sends its next echo call as soon as the previous one returns, until
/// <c>calls</c> have been sent in all; every call's latency is taken with <see cref="Stopwatch.GetTimestamp"/>.
/// </summary>
internal static class LoadRun
{
    private static readonly IReadOnlyDictionary<string, object?> EchoArguments =
        new Dictionary<string, object?> { ["text"] = "hello from McpGateway.Bench" };

    public static async Task<RunSlice> RunAsync(
        IBenchTarget target, IReadOnlyList<McpClient> sessions, int calls, CancellationToken ct)
    {
        var latencies = new long[calls];
        var next = -1;
        var errors = 0;
        var cpuBefore = CpuSample.Take(target);
        var started = Stopwatch.GetTimestamp();
        var workers = sessions.Select(session => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var before = Stopwatch.GetTimestamp();
                var ok = await CallAsync(session, target.EchoTool, target.IdempotencyKeys, ct);
                latencies[index] = Stopwatch.GetTimestamp() - before;
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, ct));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = CpuSample.Take(target) - cpuBefore;
        return new RunSlice(latencies, elapsed, errors, cpu);
    }

    /// <summary>Untimed calls so both ends have jitted and tiered up their hot paths before a run is measured.</summary>
    public static async Task WarmUpAsync(IBenchTarget target, int calls, CancellationToken ct)
    {
        if (calls == 0)
        {
            return;
        }

        var sessions = await target.OpenSessionsAsync(4, ct);
        try
        {
            await RunAsync(target, sessions, calls, ct);
        }
        finally
        {
            await target.CloseSessionsAsync(sessions);
        }
    }

    private static async Task<bool> CallAsync(McpClient session, string tool, bool idempotencyKey, CancellationToken ct)
    {
        try
        {
            var options = idempotencyKey
                ? new RequestOptions { Meta = new JsonObject { ["mcpgw/idempotencyKey"] = Guid.NewGuid().ToString("N") } }
                : null;
            var result = await session.CallToolAsync(tool, EchoArguments, null, options, ct);
            return result.IsError is not true;
        }
        catch (McpException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
