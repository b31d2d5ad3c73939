using System.Diagnostics;
using System.Globalization;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Bench.Journal;

/// <summary>
/// What the journal and idempotency stages write for every tool call, without the rest of the gateway: open a record,
/// then close it; or reserve a key, then complete it; each write awaited until committed. Records look like the
/// bench's echo calls through the gateway.
/// </summary>
internal static class StoreLoad
{
    private const string EchoResult = """{"content":[{"type":"text","text":"hello from McpGateway.Bench"}]}""";

    private const string Trace =
        """[{"stage":"journal","decision":"opened"},{"stage":"resolve","decision":"resolved","detail":"demo/echo"},{"stage":"upstream","decision":"called"}]""";

    public static Task<StoreResult> RunAsync(IJournalStore store, int concurrency, int calls) =>
        RunAsync("open+close", () => OpenAndCloseAsync(store), concurrency, calls);

    /// <summary>A keyed call as the gateway writes it: the open, the reservation, the completion, the close.</summary>
    public static Task<StoreResult> RunKeyedAsync(IJournalStore store, IIdempotencyStore keys, int concurrency, int calls) =>
        RunAsync("open, reserve, complete, close", () => KeyedCallAsync(store, keys), concurrency, calls);

    public static Task<StoreResult> RunAsync(IIdempotencyStore store, int concurrency, int calls) =>
        RunAsync("reserve+complete", () => ReserveAndCompleteAsync(store), concurrency, calls);

    private static async Task<StoreResult> RunAsync(string name, Func<Task> call, int concurrency, int calls)
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
                await call();
                latencies[index] = Stopwatch.GetTimestamp() - before;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return StoreResult.From(name, concurrency, latencies, elapsed, self.TotalProcessorTime - cpuBefore, WriteBytes() - diskBefore);
    }

    private static async Task OpenAndCloseAsync(IJournalStore store)
    {
        var id = "exe_" + Guid.CreateVersion7().ToString("N");
        await store.OpenAsync(Record(id), CancellationToken.None);
        await store.CloseAsync(new ExecutionClose(id, "demo", DateTimeOffset.UtcNow, "completed", null, Trace), CancellationToken.None);
    }

    private static async Task KeyedCallAsync(IJournalStore store, IIdempotencyStore keys)
    {
        var now = DateTimeOffset.UtcNow;
        var key = Key(now);
        await store.OpenAsync(Record(key.ExecutionId), CancellationToken.None);
        if (await keys.TryReserveAsync(key, now, CancellationToken.None) is not null)
        {
            throw new InvalidOperationException("A fresh key was already held.");
        }

        await keys.CompleteAsync(key.Key, key.ExecutionId, "completed", EchoResult, CancellationToken.None);
        await store.CloseAsync(new ExecutionClose(key.ExecutionId, "demo", DateTimeOffset.UtcNow, "completed", null, Trace), CancellationToken.None);
    }

    private static ExecutionRecord Record(string id) => new()
    {
        ExecutionId = id,
        InstanceId = "bench",
        SessionId = "EdwRnNMiqJc8_qWoJN4UA_mM",
        Tool = "demo__echo",
        ArgumentsJson = """{"text":"hello from McpGateway.Bench"}""",
        StartedAt = DateTimeOffset.UtcNow,
    };

    private static IdempotencyRecord Key(DateTimeOffset now) => new()
    {
        Key = Guid.NewGuid().ToString("N"),
        Fingerprint = "3f0c5b1e8a7d4c2b9e6f1a0d5c8b7e4f3a2d1c0b9e8f7a6d5c4b3a2f1e0d9c8b",
        ExecutionId = "exe_" + Guid.CreateVersion7().ToString("N"),
        State = IdempotencyStates.InFlight,
        CreatedAt = now,
        ExpiresAt = now.AddHours(24),
    };

    private static async Task ReserveAndCompleteAsync(IIdempotencyStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var record = Key(now);
        if (await store.TryReserveAsync(record, now, CancellationToken.None) is not null)
        {
            throw new InvalidOperationException("A fresh key was already held.");
        }

        await store.CompleteAsync(record.Key, record.ExecutionId, "completed", EchoResult, CancellationToken.None);
    }

    // Bytes this process sent to the storage layer (page cache), from /proc/self/io.
    private static long WriteBytes() =>
        File.ReadLines("/proc/self/io").Where(l => l.StartsWith("write_bytes:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
}
