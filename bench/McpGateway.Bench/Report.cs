using System.Globalization;

namespace McpGateway.Bench;

/// <summary>Prints the bench's figures as plain tables (Markdown-friendly, so they paste into the README).</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Machine(string when) => Line(string.Create(Invariant,
        $"{when}: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}"));

    public static void Table(IReadOnlyList<RunResult> rows, IEnumerable<IBenchTarget> targets)
    {
        Line();
        Line("| target | c | calls | errors | calls/s | p50 ms | p95 ms | p99 ms | CPU µs/call: bench | server | of which upstream |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            Line(string.Create(Invariant,
                $"| {r.Target} | {r.Concurrency} | {r.Calls} | {r.Errors} | {r.CallsPerSecond:F0} | {r.P50Ms:F3} | {r.P95Ms:F3} | {r.P99Ms:F3} | " +
                $"{r.ClientCpuUs:F0} | {r.ServerCpuUs:F0} | {r.UpstreamCpuUs:F0} |"));
        }

        Line();
        foreach (var target in targets)
        {
            Line($"  {target.Name}: {target.SessionNote}");
        }

        Line("  CPU µs/call: user+system time from /proc over the run divided by calls; 'server' is every process behind the");
        Line("  endpoint (for the gateway: mcpgw plus its stdio TestUpstream), 'upstream' is TestUpstream alone.");
    }

    /// <summary>The gateway's cost over each baseline at the same concurrency: p50 difference and throughput ratio.</summary>
    public static void Added(IReadOnlyList<RunResult> rows)
    {
        Line();
        foreach (var full in rows.Where(r => r.Target == TargetNames.GatewayFull))
        {
            foreach (var pass in rows.Where(r => r.Concurrency == full.Concurrency && r.Target == TargetNames.Gateway))
            {
                Line(string.Create(Invariant,
                    $"c={full.Concurrency}: full pipeline vs pass-through: p50 +{full.P50Ms - pass.P50Ms:F3} ms, p99 +{full.P99Ms - pass.P99Ms:F3} ms, " +
                    $"throughput {full.CallsPerSecond / pass.CallsPerSecond:P0} of pass-through (cost {1 - (full.CallsPerSecond / pass.CallsPerSecond):P1})") +
                    SliceSpread(full, pass));
            }
        }

        foreach (var stateless in rows.Where(r => r.Target == TargetNames.Gateway2026))
        {
            foreach (var session in rows.Where(r => r.Concurrency == stateless.Concurrency && r.Target == TargetNames.Gateway))
            {
                Line(string.Create(Invariant,
                    $"c={stateless.Concurrency}: 2026-07-28 (stateless) vs 2025-11-25 (session), same gateway: gateway process CPU " +
                    $"{stateless.ServerCpuUs - stateless.UpstreamCpuUs:F0} vs {session.ServerCpuUs - session.UpstreamCpuUs:F0} µs/call, " +
                    $"p50 {stateless.P50Ms:F3} vs {session.P50Ms:F3} ms, throughput {stateless.CallsPerSecond / session.CallsPerSecond:P0} of the session path"));
            }
        }

        foreach (var mapMcp in rows.Where(r => r.Target == TargetNames.FrontMapMcp))
        {
            foreach (var endpoint in rows.Where(r => r.Concurrency == mapMcp.Concurrency && r.Target == TargetNames.FrontEndpoint))
            {
                Line(string.Create(Invariant,
                    $"c={mapMcp.Concurrency}: MapMcp vs the hand-written endpoint (2026-07-28, fresh process each): gateway process CPU " +
                    $"{mapMcp.ServerCpuUs - mapMcp.UpstreamCpuUs:F0} vs {endpoint.ServerCpuUs - endpoint.UpstreamCpuUs:F0} µs/call, " +
                    $"p50 {mapMcp.P50Ms:F3} vs {endpoint.P50Ms:F3} ms, throughput {mapMcp.CallsPerSecond / endpoint.CallsPerSecond:P0} of the endpoint's") +
                    SliceSpread(mapMcp, endpoint));
            }
        }

        foreach (var gateway in rows.Where(r => r.Target == TargetNames.Gateway))
        {
            foreach (var baseline in rows.Where(r => r.Concurrency == gateway.Concurrency && !TargetNames.IsGateway(r.Target)))
            {
                Line(string.Create(Invariant,
                    $"c={gateway.Concurrency}: gateway vs {baseline.Target}: p50 +{gateway.P50Ms - baseline.P50Ms:F3} ms, " +
                    $"p99 +{gateway.P99Ms - baseline.P99Ms:F3} ms, throughput {gateway.CallsPerSecond / baseline.CallsPerSecond:P0} of baseline"));
            }
        }

        // CPU is the budget on a small machine: bench, gateway and upstream share the cores.
        foreach (var r in rows.Where(r => r.Concurrency > 1))
        {
            var total = r.ClientCpuUs + r.ServerCpuUs;
            Line(string.Create(Invariant,
                $"c={r.Concurrency}: {r.Target} uses {total:F0} µs CPU per call in all (gateway process alone: " +
                $"{(TargetNames.IsGateway(r.Target) ? $"{r.ServerCpuUs - r.UpstreamCpuUs:F0} µs" : "-")}); " +
                $"{Environment.ProcessorCount} cores cap it near {Environment.ProcessorCount * 1_000_000 / total:F0} calls/s"));
        }
    }

    // Each round's ratio, from slices run back to back: how far the single figure could be moved by the machine.
    private static string SliceSpread(RunResult a, RunResult b)
    {
        if (a.SliceRates.Count < 2 || a.SliceRates.Count != b.SliceRates.Count)
        {
            return string.Empty;
        }

        var ratios = a.SliceRates.Zip(b.SliceRates, (x, y) => x / y).Order().ToList();
        return string.Create(Invariant, $"; per round: median {ratios[ratios.Count / 2]:P0}, {ratios[0]:P0} to {ratios[^1]:P0}");
    }

    public static void Idle(IdleResult r)
    {
        var stream = r.GetStream ? "with the standalone GET stream (SDK default)" : "without a GET stream";
        Line(string.Create(Invariant,
            $"idle sessions {stream}: {r.Sessions} opened (gateway reports {r.GatewayReportedSessions}), " +
            $"RSS {r.Before.RssKb / 1024.0:F1} -> {r.After.RssKb / 1024.0:F1} MB: {r.KbPerSession:F1} KB/session " +
            $"(anonymous memory {r.AnonKbPerSession:F1} KB/session)"));
    }

    public static void Line(string text = "") => Console.Out.WriteLine(text);
}
