using System.Diagnostics;

namespace McpGateway.Bench;

/// <summary>One timed stretch of calls: every call's latency in ticks, the wall time, the failures and the CPU used.</summary>
internal sealed record RunSlice(long[] Ticks, TimeSpan Elapsed, int Errors, CpuSample Cpu)
{
    public double CallsPerSecond => Ticks.Length / Elapsed.TotalSeconds;
}

/// <summary>
/// One row of the table: a target at one concurrency, from its slices taken together (calls over the summed wall time,
/// percentiles over every call); <see cref="SliceRates"/> keeps each slice's calls/s for the spread between them.
/// </summary>
internal sealed record RunResult(
    string Target, int Concurrency, int Calls, int Errors, double CallsPerSecond, double P50Ms, double P95Ms, double P99Ms, CpuSample Cpu,
    IReadOnlyList<double> SliceRates)
{
    public double ClientCpuUs => Cpu.Client.TotalMicroseconds / Calls;

    public double ServerCpuUs => Cpu.Server.TotalMicroseconds / Calls;

    public double UpstreamCpuUs => Cpu.Upstream.TotalMicroseconds / Calls;

    public static RunResult From(string target, int concurrency, IReadOnlyList<RunSlice> slices)
    {
        var ticks = slices.SelectMany(s => s.Ticks).ToArray();
        Array.Sort(ticks);
        var elapsed = slices.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);
        return new RunResult(
            target,
            concurrency,
            ticks.Length,
            slices.Sum(s => s.Errors),
            ticks.Length / elapsed.TotalSeconds,
            Percentile(ticks, 0.50),
            Percentile(ticks, 0.95),
            Percentile(ticks, 0.99),
            slices.Aggregate(default(CpuSample), (sum, s) => sum + s.Cpu),
            slices.Select(s => s.CallsPerSecond).ToList());
    }

    // Nearest rank on sorted ticks, converted to milliseconds.
    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
