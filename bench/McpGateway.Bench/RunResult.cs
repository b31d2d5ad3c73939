using System.Diagnostics;

namespace McpGateway.Bench;

/// <summary>One row of the table: a target at one concurrency.</summary>
internal sealed record RunResult(
    string Target, int Concurrency, int Calls, int Errors, double CallsPerSecond, double P50Ms, double P95Ms, double P99Ms, CpuSample Cpu)
{
    public double ClientCpuUs => Cpu.Client.TotalMicroseconds / Calls;

    public double ServerCpuUs => Cpu.Server.TotalMicroseconds / Calls;

    public double UpstreamCpuUs => Cpu.Upstream.TotalMicroseconds / Calls;

    public static RunResult From(string target, int concurrency, long[] ticks, TimeSpan elapsed, int errors, CpuSample cpu)
    {
        Array.Sort(ticks);
        return new RunResult(
            target,
            concurrency,
            ticks.Length,
            errors,
            ticks.Length / elapsed.TotalSeconds,
            Percentile(ticks, 0.50),
            Percentile(ticks, 0.95),
            Percentile(ticks, 0.99),
            cpu);
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
