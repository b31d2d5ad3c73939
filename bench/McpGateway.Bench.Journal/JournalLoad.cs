using System.Diagnostics;
using System.Globalization;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Bench.Journal;

/// <summary>
/// What the journal stage does for every tool call, without the rest of the gateway: open a record, then close it,
/// each awaited until committed. Records look like the bench's echo calls through the gateway.
/// </summary>
internal static class JournalLoad
{
    private const string Trace =
        """[{"stage":"journal","decision":"opened"},{"stage":"resolve","decision":"resolved","detail":"demo/echo"},{"stage":"upstream","decision":"called"}]""";

    public static async Task<JournalResult> RunAsync(IJournalStore store, int concurrency, int calls)
    {
        var latencies = new long[calls];
        var next = -1;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var diskBefore = WriteBytes();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var before = Stopwatch.GetTimestamp();
                await OpenAndCloseAsync(store);
                latencies[index] = Stopwatch.GetTimestamp() - before;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return JournalResult.From(concurrency, latencies, elapsed, self.TotalProcessorTime - cpuBefore, WriteBytes() - diskBefore);
    }

    private static async Task OpenAndCloseAsync(IJournalStore store)
    {
        var id = "exe_" + Guid.CreateVersion7().ToString("N");
        await store.OpenAsync(new ExecutionRecord
        {
            ExecutionId = id,
            InstanceId = "bench",
            SessionId = "EdwRnNMiqJc8_qWoJN4UA_mM",
            Tool = "demo__echo",
            ArgumentsJson = """{"text":"hello from McpGateway.Bench"}""",
            StartedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        await store.CloseAsync(new ExecutionClose(id, "demo", DateTimeOffset.UtcNow, "completed", null, Trace), CancellationToken.None);
    }

    // Bytes this process sent to the storage layer (page cache), from /proc/self/io.
    private static long WriteBytes() =>
        File.ReadLines("/proc/self/io").Where(l => l.StartsWith("write_bytes:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
}
