using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Reserves the keys key-0 .. key-(n-1) on a SQLite file the way the gateway does, on several concurrent loops, after
// "go" arrives on stdin, in ascending or descending order: even keys with a journal open (OpenReservingAsync), odd ones
// through the idempotency store. Prints "won <key> <execution>" or "lost <key> <holder's execution>" for each, so a
// test can check that two such processes never both win a key.
if (args.Length != 4 || args[3] is not ("up" or "down"))
{
    Console.Error.WriteLine("usage: KeyRaceProbe <sqlite-file> <name> <keys> <up|down>");
    return 2;
}

var (path, name, count) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var descending = args[3] == "down";
var options = new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = path };
var journal = JournalStoreFactory.Create(options, NullLoggerFactory.Instance);
var keys = StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance);
await journal.InitializeAsync(CancellationToken.None);
await keys.InitializeAsync(CancellationToken.None);

// Warm both paths up on keys of this process's own, so that neither process starts the race still compiling them.
for (var i = 0; i < 20; i++)
{
    await ReserveAsync($"warm-{name}-{i}", $"exe_{name}_warm_{i}", i % 2 == 0);
}

Console.WriteLine("ready");
if (Console.ReadLine() != "go")
{
    return 3;
}

var next = -1;
var output = new Lock();
await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
{
    for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
    {
        var i = descending ? count - 1 - n : n;
        var (key, execution) = ($"key-{i}", $"exe_{name}_{i}");
        var holder = await ReserveAsync(key, execution, i % 2 == 0);
        lock (output)
        {
            Console.WriteLine(holder is null ? $"won {key} {execution}" : $"lost {key} {holder.ExecutionId}");
        }
    }
})));

await ((IAsyncDisposable)keys).DisposeAsync();
await ((IAsyncDisposable)journal).DisposeAsync();
return 0;

async Task<IdempotencyRecord?> ReserveAsync(string key, string execution, bool withOpen)
{
    var now = TimeProvider.System.GetUtcNow();
    var candidate = new IdempotencyRecord
    {
        Key = key,
        Fingerprint = "fp",
        ExecutionId = execution,
        State = IdempotencyStates.InFlight,
        CreatedAt = now,
        ExpiresAt = now.AddHours(1),
    };
    return withOpen
        ? await journal.OpenReservingAsync(
            new ExecutionRecord { ExecutionId = execution, InstanceId = name, Tool = "probe__charge", ArgumentsJson = "{}", StartedAt = now },
            candidate, now, CancellationToken.None)
        : await keys.TryReserveAsync(candidate, now, CancellationToken.None);
}
