using System.Diagnostics;
using System.Globalization;

namespace McpGateway.Bench.Journal;

/// <summary>One row: one store's per-call writes at one concurrency.</summary>
internal sealed record StoreResult(string Name, int Concurrency, int Calls, double CallsPerSecond, double P50Ms, double P99Ms, double CpuUs, double DiskKb)
{
    public static StoreResult From(string name, int concurrency, long[] ticks, TimeSpan elapsed, TimeSpan cpu, long diskBytes)
    {
        Array.Sort(ticks);
        return new StoreResult(
            name,
            concurrency,
            ticks.Length,
            ticks.Length / elapsed.TotalSeconds,
            Milliseconds(ticks[(int)(ticks.Length * 0.50)]),
            Milliseconds(ticks[Math.Min(ticks.Length - 1, (int)(ticks.Length * 0.99))]),
            cpu.TotalMicroseconds / ticks.Length,
            diskBytes / 1024.0 / ticks.Length);
    }

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Concurrency} | {Calls} | {CallsPerSecond:F0} | {P50Ms:F3} | {P99Ms:F3} | {CpuUs:F0} | {DiskKb:F1} |");

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
