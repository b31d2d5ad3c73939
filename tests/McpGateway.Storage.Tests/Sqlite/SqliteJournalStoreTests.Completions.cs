using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// On SQLite the journal writes a key's completion into the closed execution's row, and the key's row stays as it was
/// reserved: these pin that layout, that every reader sees the key completed, and that the stored result goes when
/// its key goes.
/// </summary>
public sealed partial class SqliteJournalStoreTests
{
    private const string Result = """{"content":[{"type":"text","text":"charged"}]}""";

    [Fact]
    public async Task CloseAsync_WithCompletion_WritesItIntoTheExecutionRowOnly()
    {
        var (journal, _) = await StartBothAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);

        using var connection = Open();
        Assert.Equal("in_flight|", Scalar(connection, "SELECT state || '|' || COALESCE(result_json, '') FROM idempotency_keys WHERE key = 'k1'"));
        Assert.Equal("completed|" + Result, Scalar(connection, "SELECT idempotency_outcome || '|' || idempotency_result FROM executions WHERE execution_id = 'exe_a'"));
    }

    [Fact]
    public async Task GetAsync_StoreWithAMapOfItsOwn_SeesTheCompletion()
    {
        var (journal, _) = await StartBothAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);
        await using var other = new SqliteIdempotencyStore(DatabasePath, NullLogger<SqliteIdempotencyStore>.Instance, new SqliteKeyIndex());
        await other.InitializeAsync(CancellationToken.None);

        var key = await other.GetAsync("k1", CancellationToken.None);
        var holder = await other.TryReserveAsync(Reservation("k1", "exe_b", T0.AddMinutes(1)), T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal((IdempotencyStates.Completed, Result), (key!.State, key.ResultJson));
        Assert.Equal((IdempotencyStates.Completed, Result), (holder!.State, holder.ResultJson));
    }

    [Fact]
    public async Task TryReserveAsync_StoreWrittenBeforeTheJournalMigrated_SeesLaterCompletions()
    {
        // The store's first write happens on a file without the journal's columns; the journal migrates after it.
        await using var keys = new SqliteIdempotencyStore(DatabasePath, NullLogger<SqliteIdempotencyStore>.Instance);
        await keys.InitializeAsync(CancellationToken.None);
        Assert.Null(await keys.TryReserveAsync(Reservation("k0", "exe_0"), T0, CancellationToken.None));
        var journal = await StartStoreAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);

        var holder = await keys.TryReserveAsync(Reservation("k1", "exe_b", T0.AddMinutes(1)), T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(("exe_a", IdempotencyStates.Completed, Result), (holder!.ExecutionId, holder.State, holder.ResultJson));
    }

    [Fact]
    public async Task PurgeExpiredAsync_KeysCompletedThroughTheJournal_TakeTheirResultsAlong()
    {
        var (journal, keys) = await StartBothAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);
        await CompleteThroughJournalAsync(journal, "k2", "exe_b", T0);
        await CompleteThroughJournalAsync(journal, "k3", "exe_c", T0.AddHours(5));

        // k1's row goes in a range, k2's is not the newest either; k3 (newest, live) stays with its result.
        var purged = await keys.PurgeExpiredAsync(T0.AddHours(2), CancellationToken.None);

        Assert.Equal(2, purged);
        using var connection = Open();
        Assert.Equal("exe_c", Scalar(connection, "SELECT group_concat(execution_id) FROM executions WHERE idempotency_result IS NOT NULL"));
        Assert.Equal("completed", (await journal.GetAsync("exe_a", CancellationToken.None))!.Status);
        Assert.Equal(Result, (await keys.GetAsync("k3", CancellationToken.None))!.ResultJson);
    }

    [Fact]
    public async Task PurgeExpiredAsync_NewestRowCompletedThroughTheJournal_IsEmptiedWithItsResult()
    {
        var (journal, keys) = await StartBothAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);

        var purged = await keys.PurgeExpiredAsync(T0.AddHours(2), CancellationToken.None);

        Assert.Equal(1, purged);
        using var connection = Open();
        Assert.Equal("0", Scalar(connection, "SELECT COUNT(*) FROM executions WHERE idempotency_result IS NOT NULL"));
        Assert.Null(await keys.GetAsync("k1", CancellationToken.None));
    }

    [Fact]
    public async Task OpenReservingAsync_ExpiredKeyCompletedThroughTheJournal_NewHolderIsInFlightAndTheOldResultGoes()
    {
        var (journal, keys) = await StartBothAsync();
        await CompleteThroughJournalAsync(journal, "k1", "exe_a", T0);

        var later = T0.AddHours(2);
        var holder = await journal.OpenReservingAsync(Record("exe_b"), Reservation("k1", "exe_b", later), later, CancellationToken.None);

        Assert.Null(holder);
        var key = await keys.GetAsync("k1", CancellationToken.None);
        Assert.Equal(("exe_b", IdempotencyStates.InFlight, (string?)null), (key!.ExecutionId, key.State, key.ResultJson));
        using var connection = Open();
        Assert.Equal("0", Scalar(connection, "SELECT COUNT(*) FROM executions WHERE idempotency_result IS NOT NULL"));
    }

    private static async Task CompleteThroughJournalAsync(IJournalStore journal, string key, string executionId, DateTimeOffset at)
    {
        Assert.Null(await journal.OpenReservingAsync(Record(executionId), Reservation(key, executionId, at), at, CancellationToken.None));
        Assert.True(await journal.CloseAsync(
            Close(executionId) with { Completion = new IdempotencyCompletion(key, "completed", Result) }, CancellationToken.None));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
