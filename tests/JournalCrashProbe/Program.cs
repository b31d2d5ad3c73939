using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Opens (and closes every other) journal record on several concurrent loops until it is killed. It prints
// "opened <id>" / "closed <id>" only after the store acknowledged the write, so every printed line names a
// write that must survive a kill -9.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: JournalCrashProbe <sqlite|postgres> <file-or-connection-string> <instance-id>");
    return 2;
}

var (provider, target, instanceId) = (args[0], args[1], args[2]);
var options = new StorageOptions
{
    Provider = provider,
    SqlitePath = provider == StorageProviders.Sqlite ? target : null,
    PostgresConnectionString = provider == StorageProviders.Postgres ? target : null,
};
var store = JournalStoreFactory.Create(options, NullLoggerFactory.Instance);
await store.InitializeAsync(CancellationToken.None);
Console.WriteLine("ready");

const int Loops = 8;
await Task.WhenAll(Enumerable.Range(0, Loops).Select(loop => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var id = $"exe_probe_{loop}_{i}";
        await store.OpenAsync(
            new ExecutionRecord
            {
                ExecutionId = id,
                InstanceId = instanceId,
                Tool = "probe__write",
                ArgumentsJson = "{}",
                StartedAt = TimeProvider.System.GetUtcNow(),
            },
            CancellationToken.None);
        Console.WriteLine($"opened {id}");
        if (i % 2 == 0 && await store.CloseAsync(
                new ExecutionClose(id, "probe", TimeProvider.System.GetUtcNow(), "completed", null, "[]"),
                CancellationToken.None))
        {
            Console.WriteLine($"closed {id}");
        }
    }
})));
return 0;
