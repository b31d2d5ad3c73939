using System.Globalization;

namespace McpGateway.Bench;

/// <summary>
/// <c>--cold</c>: what a fresh process costs, as a deploy or a desktop client starts it. Every run starts new processes;
/// nothing is warmed beyond <see cref="BenchOptions.ColdWarmup"/> calls. Figures are printed per run and as medians.
/// </summary>
internal static class ColdRunner
{
    private const int Concurrency = 16;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        Report.Machine("start");
        Report.Line($"gateway: {paths.GatewayDll}");
        if (options.GatewayEnvironment.Count > 0)
        {
            Report.Line("gateway environment: " + string.Join(' ', options.GatewayEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        if (options.Cold.Contains("serve"))
        {
            await ServeAsync(options, paths, ct);
        }

        if (options.Cold.Contains("stdio"))
        {
            await StdioAsync(options, paths, ct);
        }

        Report.Line();
        Report.Machine("end");
    }

    private static async Task ServeAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        var warmup = options.WarmupGiven ? options.Warmup : BenchOptions.ColdWarmup;
        using var http = BenchClients.CreateHttpClient();
        Report.Line();
        Report.Line(string.Create(Invariant,
            $"fresh mcpgw serve, /c/demo/mcp, journal on, c={Concurrency}: {warmup} untimed calls, then {options.Calls} + {options.Calls} timed"));
        Report.Line("| run | start: gateway CPU ms | first calls: gateway CPU µs/call | calls/s | next calls: gateway CPU µs/call | calls/s |");
        Report.Line("| --- | ---: | ---: | ---: | ---: | ---: |");
        var runs = new List<ColdServe>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var result = await ServeOnceAsync(paths, options.GatewayEnvironment, http, warmup, options.Calls, ct);
            runs.Add(result);
            Report.Line(string.Create(Invariant,
                $"| {run} | {result.StartCpuMs:F0} | {result.FirstCpuUs:F0} | {result.FirstCallsPerSecond:F0} | {result.NextCpuUs:F0} | {result.NextCallsPerSecond:F0} |"));
        }

        Report.Line(string.Create(Invariant,
            $"| median | {Median(runs, r => r.StartCpuMs):F0} | {Median(runs, r => r.FirstCpuUs):F0} | {Median(runs, r => r.FirstCallsPerSecond):F0} | " +
            $"{Median(runs, r => r.NextCpuUs):F0} | {Median(runs, r => r.NextCallsPerSecond):F0} |"));
        Report.Line("  gateway CPU: user+system time of the mcpgw process alone (its stdio TestUpstream excluded), from /proc");
    }

    private static async Task<ColdServe> ServeOnceAsync(
        BenchPaths paths, IReadOnlyDictionary<string, string> environment, HttpClient http, int warmup, int calls, CancellationToken ct)
    {
        await using var gateway = await GatewayHost.StartAsync(paths, environment, http, ct);
        var startCpu = ProcessTree.CpuTime(gateway.ProcessId);
        var target = new HttpTarget("gateway-cold", gateway.ConnectorEndpoint("demo"), "echo", http, gateway.ServerProcesses);
        var sessions = await target.OpenSessionsAsync(Concurrency, ct);
        try
        {
            if (warmup > 0)
            {
                await LoadRun.RunAsync(target, sessions, warmup, ct);
            }

            var first = await LoadRun.RunAsync(target, sessions, calls, ct);
            var next = await LoadRun.RunAsync(target, sessions, calls, ct);
            return new ColdServe(startCpu.TotalMilliseconds, GatewayCpuUs(first), first.CallsPerSecond, GatewayCpuUs(next), next.CallsPerSecond);
        }
        finally
        {
            await target.CloseSessionsAsync(sessions);
        }
    }

    private static async Task StdioAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        Report.Line();
        Report.Line("fresh mcpgw stdio started from /, two stdio upstreams; ms from process start");
        Report.Line("| run | initialize answered | first tools/list | complete tools/list (both upstreams) | server/discover answered (own process) |");
        Report.Line("| --- | ---: | ---: | ---: | ---: |");
        var runs = new List<StdioStart>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var result = await StdioStartProbe.MeasureAsync(paths, options.GatewayEnvironment, ct);
            runs.Add(result);
            Report.Line(string.Create(Invariant,
                $"| {run} | {result.InitializeMs:F0} | {result.FirstToolsListMs:F0} | {result.CompleteToolsListMs:F0} | {result.DiscoverMs:F0} |"));
        }

        Report.Line(string.Create(Invariant,
            $"| median | {Median(runs, r => r.InitializeMs):F0} | {Median(runs, r => r.FirstToolsListMs):F0} | " +
            $"{Median(runs, r => r.CompleteToolsListMs):F0} | {Median(runs, r => r.DiscoverMs):F0} |"));
    }

    private static double GatewayCpuUs(RunSlice slice) => (slice.Cpu.Server - slice.Cpu.Upstream).TotalMicroseconds / slice.Ticks.Length;

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
