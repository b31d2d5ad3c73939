using System.Globalization;
using McpGateway.Bench.Journal;
using McpGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// usage: McpGateway.Bench.Journal [calls] — open + close per call against a fresh SQLite journal, at c=1 and c=16.
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var directory = Directory.CreateTempSubdirectory("mcpgw-journal-bench-");
try
{
    var store = JournalStoreFactory.Create(
        new StorageOptions { SqlitePath = Path.Combine(directory.FullName, "mcpgw.db") }, NullLoggerFactory.Instance);
    await store.InitializeAsync(CancellationToken.None);
    try
    {
        await JournalLoad.RunAsync(store, 4, 2_000); // warm-up, not printed
        Console.WriteLine("| journal only | c | calls | calls/s | p50 ms | p99 ms | CPU µs/call | disk KB/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var concurrency in new[] { 1, 16 })
        {
            Console.WriteLine((await JournalLoad.RunAsync(store, concurrency, calls)).ToRow());
        }
    }
    finally
    {
        await ((IAsyncDisposable)store).DisposeAsync();
    }
}
finally
{
    directory.Delete(recursive: true);
}
