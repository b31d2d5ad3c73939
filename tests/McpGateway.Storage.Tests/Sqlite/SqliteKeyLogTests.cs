using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Sqlite;
using McpGateway.Storage.Tests.Idempotency;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// The SQLite key log's own rules, beyond the store contract: released keys are marked, not deleted; the newest row is
/// never deleted, so ids are never handed out twice; a purge walks every id range; an upgrade keeps the keys. Stores
/// with maps of their own stand for separate processes.
/// </summary>
public sealed class SqliteKeyLogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = KeyCandidate.Window;

    private readonly SqliteTestDatabase _database = new();
    private readonly List<SqliteIdempotencyStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _database.DropAsync();
    }

    [Fact]
    public async Task ReleaseAsync_MarksTheRow_AnotherProcessSeesTheKeyFreeAndTakesIt()
    {
        var (a, b) = (await StartProcessAsync(), await StartProcessAsync());
        Assert.Null(await a.TryReserveAsync(Candidate("order-1", "exe_a"), T0, CancellationToken.None));
        Assert.Equal("exe_a", (await b.GetAsync("order-1", CancellationToken.None))?.ExecutionId);

        Assert.True(await a.ReleaseAsync("order-1", "exe_a", CancellationToken.None));

        Assert.Equal(["released exe_a"], Rows("order-1"));
        Assert.Null(await b.GetAsync("order-1", CancellationToken.None));
        Assert.Null(await b.FindByExecutionAsync("exe_a", CancellationToken.None));
        Assert.Null(await b.TryReserveAsync(Candidate("order-1", "exe_b"), T0, CancellationToken.None));
        Assert.Equal("exe_b", (await a.TryReserveAsync(Candidate("order-1", "exe_c"), T0, CancellationToken.None))?.ExecutionId);
        Assert.Equal(["in_flight exe_b"], Rows("order-1")); // the released row made way for the new one
    }

    [Fact]
    public async Task PurgeExpiredAsync_EverythingExpired_EmptiesTheNewestRowSoItsIdIsNeverReused()
    {
        var (a, b) = (await StartProcessAsync(), await StartProcessAsync());
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            Assert.Null(await a.TryReserveAsync(Candidate(key, "exe_" + key), T0, CancellationToken.None));
        }

        Assert.NotNull(await b.GetAsync("k3", CancellationToken.None)); // b has now seen every id up to k3's
        var newest = Scalar("SELECT MAX(id) FROM idempotency_keys");

        Assert.Equal(3, await a.PurgeExpiredAsync(T0 + Ttl, CancellationToken.None));

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM idempotency_keys"));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM idempotency_keys WHERE id = {newest} AND key = '' AND result_json IS NULL"));
        var later = T0 + Ttl;
        Assert.Null(await a.TryReserveAsync(Candidate("k4", "exe_k4", later), later, CancellationToken.None));
        Assert.Equal(newest + 1, Scalar("SELECT MAX(id) FROM idempotency_keys"));
        // Had k4 taken the newest id again, b would not read it back past the id it has seen, and would run k4 twice.
        Assert.Equal("exe_k4", (await b.TryReserveAsync(Candidate("k4", "exe_other", later), later, CancellationToken.None))?.ExecutionId);
    }

    [Fact]
    public async Task JournalClose_KeyTakenOverMeanwhileByAnotherProcess_CompletesNeitherRow()
    {
        // The journal's close finds the key's row in its map without catching up: the id it holds is stale here.
        var journal = JournalStoreFactory.Create(_database.Options, NullLoggerFactory.Instance);
        try
        {
            await journal.InitializeAsync(CancellationToken.None);
            var other = await StartProcessAsync();
            var record = new ExecutionRecord { ExecutionId = "exe_a", InstanceId = "i", Tool = "pay__charge", ArgumentsJson = "{}", StartedAt = T0 };
            Assert.Null(await journal.OpenReservingAsync(record, Candidate("order-1", "exe_a"), T0, CancellationToken.None));
            var later = T0 + Ttl;
            Assert.Null(await other.TryReserveAsync(Candidate("order-1", "exe_b", later), later, CancellationToken.None));

            var completion = new IdempotencyCompletion("order-1", "completed", """{"content":[]}""");
            Assert.True(await journal.CloseAsync(
                new ExecutionClose("exe_a", "pay", later, "completed", null, "[]") { Completion = completion }, CancellationToken.None));

            Assert.Equal(["in_flight exe_b"], Rows("order-1"));
            var holder = await journal.OpenReservingAsync(record with { ExecutionId = "exe_c" }, Candidate("order-1", "exe_c", later), later, CancellationToken.None);
            Assert.Equal(("exe_b", IdempotencyStates.InFlight), (holder?.ExecutionId, holder?.State));
        }
        finally
        {
            await ((IAsyncDisposable)journal).DisposeAsync();
        }
    }

    [Fact]
    public async Task PurgeExpiredAsync_ManyIdRangesWithGaps_DeletesEveryExpiredRowAndNothingElse()
    {
        var store = await StartProcessAsync();
        using (var connection = Open())
        {
            Execute(connection, "BEGIN");
            for (var id = 1; id <= 12_001; id++)
            {
                // Even ids expire at T0, odd ones a window later.
                var expires = SqliteTime.ToDb(id % 2 == 0 ? T0 : T0 + Ttl + Ttl);
                Execute(connection,
                    "INSERT INTO idempotency_keys (id, key, fingerprint, execution_id, state, created_at, expires_at) " +
                    $"VALUES ({id}, 'bulk-{id}', 'fp', 'exe_{id}', 'completed', 0, {expires})");
            }

            Execute(connection, "DELETE FROM idempotency_keys WHERE id BETWEEN 3000 AND 7000");
            Execute(connection, "COMMIT");
        }

        var purged = await store.PurgeExpiredAsync(T0 + Ttl, CancellationToken.None);

        Assert.Equal(6_000 - 2_001, purged); // the even ids, less those in the gap
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM idempotency_keys WHERE id % 2 = 0"));
        Assert.Equal(6_001 - 2_000, Scalar("SELECT COUNT(*) FROM idempotency_keys"));
    }

    [Fact]
    public void KeyIndex_InsertRolledBack_PutsBackTheEntryItReplaced()
    {
        var index = new SqliteKeyIndex();
        Assert.Null(index.Added("k", 5, 100));
        var replaced = index.Added("k", 9, 200);
        Assert.Equal(new SqliteKeyEntry(5, 100), replaced);

        index.Undo("k", 9, replaced);
        Assert.Equal(5, index.Find("k"));

        index.Undo("k", 5, null);
        Assert.Null(index.Find("k"));
    }

    [Fact]
    public void KeyIndex_OlderRowOfAKey_DoesNotReplaceTheNewer()
    {
        var index = new SqliteKeyIndex();
        index.Added("k", 9, 200);

        index.Added("k", 5, 100);

        Assert.Equal(9, index.Find("k"));
    }

    [Fact]
    public void KeyIndex_Prune_DropsOnlyTheKeysExpiredByThen()
    {
        var index = new SqliteKeyIndex();
        index.Added("old", 1, 100);
        index.Added("edge", 2, 150);
        index.Added("live", 3, 151);

        Assert.Equal(2, index.Prune(150));

        Assert.Equal(1, index.Count);
        Assert.Equal(3, index.Find("live"));
    }

    [Fact]
    public async Task InitializeAsync_TableOfAnEarlierVersion_KeepsItsKeysAndTheirIdsInTheLogWithoutAnyIndex()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!);
        using (var connection = Open())
        {
            // The file as the journal at version 3 left it: the table keyed by key, with its two indexes.
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "CREATE TABLE schema_version (component TEXT NOT NULL, version INTEGER NOT NULL, " +
                                "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))");
            Execute(connection, IdempotencySchema.Sqlite);
            Execute(connection, "INSERT INTO schema_version (component, version) VALUES ('idempotency', 1)");
            Execute(connection,
                "INSERT INTO idempotency_keys (key, fingerprint, execution_id, state, outcome_status, result_json, created_at, expires_at) VALUES " +
                $"('gone', 'fp-gone', 'exe_gone', 'in_flight', NULL, NULL, {SqliteTime.ToDb(T0)}, {SqliteTime.ToDb(T0 + Ttl)}), " +
                $"('done', 'fp-done', 'exe_done', 'completed', 'completed', '{{\"content\":[]}}', {SqliteTime.ToDb(T0)}, {SqliteTime.ToDb(T0 + Ttl)}), " +
                $"('busy', 'fp-busy', 'exe_busy', 'in_flight', NULL, NULL, {SqliteTime.ToDb(T0)}, {SqliteTime.ToDb(T0 + Ttl)})");
            Execute(connection, "DELETE FROM idempotency_keys WHERE key = 'gone'");
        }

        var store = await StartProcessAsync();
        var journal = JournalStoreFactory.Create(_database.Options, NullLoggerFactory.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        await ((IAsyncDisposable)journal).DisposeAsync();

        var done = await store.TryReserveAsync(Candidate("done", "exe_new"), T0, CancellationToken.None);
        Assert.Equal(("exe_done", IdempotencyStates.Completed, "{\"content\":[]}"), (done?.ExecutionId, done?.State, done?.ResultJson));
        Assert.Equal("exe_busy", (await store.TryReserveAsync(Candidate("busy", "exe_new"), T0, CancellationToken.None))?.ExecutionId);
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM idempotency_keys"));
        // Converted twice (the store's migration, then the journal's), and each row kept its rowid as its id.
        Assert.Equal(3L, Scalar("SELECT id FROM idempotency_keys WHERE key = 'busy'"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'idempotency_keys'"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE name = 'id' AND pk = 1"));
    }

    private static IdempotencyRecord Candidate(string key, string executionId, DateTimeOffset? at = null) =>
        KeyCandidate.InFlight(key, executionId, at ?? T0);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>An initialized store with a key map of its own, as in a process of its own.</summary>
    private async Task<SqliteIdempotencyStore> StartProcessAsync()
    {
        var store = new SqliteIdempotencyStore(_database.DatabasePath, NullLogger<SqliteIdempotencyStore>.Instance, new SqliteKeyIndex());
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private List<string> Rows(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state || ' ' || execution_id FROM idempotency_keys WHERE key = @key ORDER BY id";
        command.Parameters.AddWithValue("@key", key);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
