using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Tests.Idempotency;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// Two idempotency stores race for the same keys on one SQLite file, as <c>mcpgw serve</c> and <c>mcpgw stdio</c> may:
/// each key is won exactly once and stored once. The second store opens the file through a symbolic link to its folder,
/// so the two share no in-process write gate (which is per path) and meet only at SQLite's own write lock, as two
/// processes do.
/// </summary>
public sealed class SqliteKeyRaceTests : IAsyncLifetime
{
    // Enough keys that the race outlasts SQLite's busy-handler sleeps (up to 100 ms): with 1,000 one store could finish
    // every key while the other slept, on a quiet machine, in every round.
    private const int Keys = 10_000;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task TwoStoresReserveTheSameKeys_EachKeyIsWonOnceAndStoredOnce()
    {
        // A round where one store got through every key before the other started proves nothing about the race, so
        // that round is run again on a new file (the two go in opposite orders, so any overlap at all splits the keys).
        const int Rounds = 3;
        var directory = Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!).FullName;
        var linked = directory + "-link";
        Directory.CreateSymbolicLink(linked, directory);
        for (var round = 1; round <= Rounds; round++)
        {
            var file = $"race-{round}.db";
            if (await RaceAsync(Path.Combine(directory, file), Path.Combine(linked, file)) is var split && split is > 0 and < Keys)
            {
                return;
            }
        }

        Assert.Fail($"In {Rounds} rounds, one store always won every key: the two never overlapped.");
    }

    /// <summary>Runs one race on a new file; returns how many keys the store going up won.</summary>
    private static async Task<int> RaceAsync(string path, string linkedPath)
    {
        await using var upStore = await StartAsync(path);
        await using var downStore = await StartAsync(linkedPath);
        using var go = new ManualResetEventSlim();
        var up = Task.Run(() => ReserveAllAsync(upStore, "up", descending: false, go));
        var down = Task.Run(() => ReserveAllAsync(downStore, "down", descending: true, go));
        go.Set();
        var answers = (await Task.WhenAll(up, down)).SelectMany(a => a).ToList();

        var stored = StoredExecutions(path);
        var wonGoingUp = 0;
        for (var i = 0; i < Keys; i++)
        {
            var key = $"key-{i}";
            var mine = answers.Where(a => a.Key == key).ToList();
            Assert.Equal(2, mine.Count);
            var winner = Assert.Single(mine, a => a.Won);
            var loser = Assert.Single(mine, a => !a.Won);
            Assert.Equal(winner.Execution, loser.Execution); // the loser was told the winner's execution
            Assert.Equal(winner.Execution, stored[key]);
            wonGoingUp += winner.Execution == $"exe_up_{i}" ? 1 : 0;
        }

        return wonGoingUp;
    }

    private static async Task<SqliteIdempotencyStore> StartAsync(string path)
    {
        var store = new SqliteIdempotencyStore(path, NullLogger<SqliteIdempotencyStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);

        // Warm the path up on a key of this store's own, so that neither starts the race still compiling it.
        Assert.Null(await store.TryReserveAsync(KeyCandidate.InFlight("warm-" + Guid.NewGuid().ToString("N"), "exe_warm", T0), T0, CancellationToken.None));
        return store;
    }

    /// <summary>Reserves every key on four concurrent loops; each answer is who holds the key afterwards.</summary>
    private static async Task<List<(string Key, bool Won, string Execution)>> ReserveAllAsync(
        SqliteIdempotencyStore store, string name, bool descending, ManualResetEventSlim go)
    {
        go.Wait();
        var next = -1;
        var answers = new List<(string Key, bool Won, string Execution)>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Keys)
            {
                var i = descending ? Keys - 1 - n : n;
                var candidate = KeyCandidate.InFlight($"key-{i}", $"exe_{name}_{i}", T0);
                var holder = await store.TryReserveAsync(candidate, T0, CancellationToken.None);
                lock (answers)
                {
                    answers.Add((candidate.Key, holder is null, holder?.ExecutionId ?? candidate.ExecutionId));
                }
            }
        })));
        return answers;
    }

    private static Dictionary<string, string> StoredExecutions(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, execution_id FROM idempotency_keys WHERE key LIKE 'key-%'";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0), reader.GetString(1)); // throws on a second row for one key
        }

        return rows;
    }
}
