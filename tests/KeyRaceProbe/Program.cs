using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Reserves the keys key-0 .. key-(n-1) on a SQLite file the way the gateway does, on several concurrent loops, after
// "go" arrives on stdin: even keys with a journal open (OpenReservingAsync), odd ones through the idempotency store.
// Prints "won <key> <execution>" or "lost <key> <holder's execution>" for each, so a test can check that two such
// processes never both win a key.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: KeyRaceProbe <sqlite-file> <name> <keys>");
    return 2;
}

var (path, name, count) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var options = new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = path };
var journal = JournalStoreFactory.Create(options, NullLoggerFactory.Instance);
var keys = StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance);
await journal.InitializeAsync(CancellationToken.None);
await keys.InitializeAsync(CancellationToken.None);
Console.WriteLine("ready");
if (Console.ReadLine() != "go")
{
    return 3;
}

var next = -1;
var output = new Lock();
await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
{
    for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
    {
        var now = TimeProvider.System.GetUtcNow();
        var candidate = new IdempotencyRecord
        {
            Key = $"key-{i}",
            Fingerprint = "fp",
            ExecutionId = $"exe_{name}_{i}",
            State = IdempotencyStates.InFlight,
            CreatedAt = now,
            ExpiresAt = now.AddHours(1),
        };
        var holder = i % 2 == 0
            ? await journal.OpenReservingAsync(
                new ExecutionRecord
                {
                    ExecutionId = candidate.ExecutionId,
                    InstanceId = name,
                    Tool = "probe__charge",
                    ArgumentsJson = "{}",
                    StartedAt = now,
                },
                candidate, now, CancellationToken.None)
            : await keys.TryReserveAsync(candidate, now, CancellationToken.None);
        lock (output)
        {
            Console.WriteLine(holder is null ? $"won {candidate.Key} {candidate.ExecutionId}" : $"lost {candidate.Key} {holder.ExecutionId}");
        }
    }
})));

await ((IAsyncDisposable)keys).DisposeAsync();
await ((IAsyncDisposable)journal).DisposeAsync();
return 0;
