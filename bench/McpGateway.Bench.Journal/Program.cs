using System.Globalization;
using McpGateway.Bench.Journal;
using McpGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// usage: McpGateway.Bench.Journal [calls] — per call, against one fresh SQLite file as the gateway lays it out: open +
// close on the journal; a keyed call as the gateway makes it (open, reserve, complete, close: the journal's two writes and
// the idempotency store's two); and reserve + complete through the idempotency store on its own, at c=1 and c=16.
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var directory = Directory.CreateTempSubdirectory("mcpgw-journal-bench-");
try
{
    var store = JournalStoreFactory.Create(
        new StorageOptions { SqlitePath = Path.Combine(directory.FullName, "mcpgw.db") }, NullLoggerFactory.Instance);
    var keys = StoreFactory.CreateIdempotencyStore(
        new StorageOptions { SqlitePath = Path.Combine(directory.FullName, "mcpgw.db") }, NullLoggerFactory.Instance);
    await store.InitializeAsync(CancellationToken.None);
    await keys.InitializeAsync(CancellationToken.None);
    try
    {
        await StoreLoad.RunAsync(store, 4, 2_000); // warm-up, not printed
        await StoreLoad.RunAsync(keys, 4, 2_000);
        Console.WriteLine("| writes per call | c | calls | calls/s | p50 ms | p99 ms | CPU µs/call | disk KB/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var concurrency in new[] { 1, 16 })
        {
            Console.WriteLine((await StoreLoad.RunAsync(store, concurrency, calls)).ToRow());
            Console.WriteLine((await StoreLoad.RunKeyedAsync(store, keys, concurrency, calls)).ToRow());
            Console.WriteLine((await StoreLoad.RunAsync(keys, concurrency, calls)).ToRow());
        }
    }
    finally
    {
        await ((IAsyncDisposable)store).DisposeAsync();
        await ((IAsyncDisposable)keys).DisposeAsync();
    }
}
finally
{
    directory.Delete(recursive: true);
}
