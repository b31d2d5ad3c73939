using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Sqlite;
using McpGateway.Storage.Tests.Idempotency;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// A file written by an earlier build kept the keys in a key log (no primary key on the key) and their completions in
/// the journal's execution rows. Starting on it leaves the plain table, whichever store starts first, with each key's
/// current row (its completion taken back from the execution row), so a repeat of a call made before the upgrade
/// replays and never runs again; released and superseded rows are gone; the journal's records are kept.
/// </summary>
public sealed class SqliteIdempotencyUpgradeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DropAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InitializeAsync_FileWithTheKeyLog_ReplacesItWithThePlainTable_KeepingEveryCurrentKey(bool journalFirst)
    {
        WriteFileOfTheKeyLogBuild();

        await StartBothAsync(journalFirst, async (journal, keys) =>
        {
            // Completed in the execution's row: completed now, with its result, so a repeat replays it.
            var kept = await keys.GetAsync("order-1", CancellationToken.None);
            Assert.Equal("completed", kept!.State);
            Assert.Equal("exe_old", kept.ExecutionId);
            Assert.Equal("""{"content":[]}""", kept.ResultJson);
            Assert.Equal("exe_old", (await keys.TryReserveAsync(KeyCandidate.InFlight("order-1", "exe_new", T0), T0, CancellationToken.None))!.ExecutionId);

            // The newest row of a key wins; a released key is free again.
            Assert.Equal("outcome_unknown", (await keys.GetAsync("order-2", CancellationToken.None))!.State);
            Assert.Null(await keys.GetAsync("order-3", CancellationToken.None));
            Assert.Null(await keys.TryReserveAsync(KeyCandidate.InFlight("order-3", "exe_new", T0), T0, CancellationToken.None));
            Assert.Equal("completed", (await journal.GetAsync("exe_old", CancellationToken.None))!.Status);
        });

        AssertPlainTable();
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM pragma_table_info('executions') WHERE name LIKE 'idempotency_%'"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InitializeAsync_FreshFile_CreatesThePlainTable(bool journalFirst)
    {
        await StartBothAsync(journalFirst, async (_, keys) =>
            Assert.Null(await keys.TryReserveAsync(KeyCandidate.InFlight("order-1", "exe_a", T0), T0, CancellationToken.None)));

        AssertPlainTable();
    }

    private async Task StartBothAsync(bool journalFirst, Func<IJournalStore, SqliteIdempotencyStore, Task> then)
    {
        var journal = JournalStoreFactory.Create(_database.Options, NullLoggerFactory.Instance);
        await using var keys = new SqliteIdempotencyStore(_database.DatabasePath, NullLogger<SqliteIdempotencyStore>.Instance);
        try
        {
            if (journalFirst)
            {
                await journal.InitializeAsync(CancellationToken.None);
            }

            await keys.InitializeAsync(CancellationToken.None);
            await journal.InitializeAsync(CancellationToken.None);
            await then(journal, keys);
        }
        finally
        {
            await ((IAsyncDisposable)journal).DisposeAsync();
        }
    }

    private void AssertPlainTable()
    {
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE name = 'key' AND pk = 1"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE name = 'id'"));
    }

    /// <summary>The file as the build with the key log left it: journal at version 5, idempotency at version 2.</summary>
    private void WriteFileOfTheKeyLogBuild()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!);
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, """
            CREATE TABLE schema_version (
                component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
                PRIMARY KEY (component, version));
            INSERT INTO schema_version (component, version) VALUES
                ('journal', 1), ('journal', 2), ('journal', 3), ('journal', 4), ('journal', 5), ('idempotency', 1), ('idempotency', 2);
            CREATE TABLE executions (
                execution_id TEXT NOT NULL PRIMARY KEY, instance_id TEXT NOT NULL, session_id TEXT, agent TEXT, connector TEXT,
                tool TEXT NOT NULL, arguments_json TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER,
                status TEXT NOT NULL, error TEXT, trace_json TEXT, settlement_json TEXT,
                idempotency_outcome TEXT, idempotency_result TEXT) WITHOUT ROWID;
            CREATE INDEX ix_executions_started_at ON executions (started_at DESC);
            CREATE INDEX ix_executions_tool ON executions (tool, started_at DESC);
            CREATE INDEX ix_executions_open ON executions (instance_id) WHERE status = 'running';
            CREATE TABLE idempotency_keys (
                id INTEGER PRIMARY KEY, key TEXT NOT NULL, fingerprint TEXT NOT NULL, execution_id TEXT NOT NULL,
                state TEXT NOT NULL, approval_id TEXT, outcome_status TEXT, result_json TEXT,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
            """);
        Execute(connection,
            "INSERT INTO executions (execution_id, instance_id, tool, arguments_json, started_at, ended_at, status, trace_json, " +
            "idempotency_outcome, idempotency_result) VALUES " +
            $"('exe_old', 'gw-old', 'billing__charge', '{{}}', {SqliteTime.ToDb(T0)}, {SqliteTime.ToDb(T0)}, 'completed', '[]', 'completed', '{{\"content\":[]}}')");
        var (created, expires) = (SqliteTime.ToDb(T0), SqliteTime.ToDb(T0 + KeyCandidate.Window));
        Execute(connection,
            "INSERT INTO idempotency_keys (key, fingerprint, execution_id, state, created_at, expires_at) VALUES " +
            $"('order-1', 'fp', 'exe_old', 'in_flight', {created}, {expires}), " +
            $"('order-2', 'fp', 'exe_first', 'in_flight', {created}, {expires}), " +
            $"('order-2', 'fp', 'exe_second', 'outcome_unknown', {created}, {expires}), " +
            $"('order-3', 'fp', 'exe_third', 'released', {created}, {expires}), " +
            $"('', '', 'exe_scrubbed', 'released', {created}, {expires})");
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
