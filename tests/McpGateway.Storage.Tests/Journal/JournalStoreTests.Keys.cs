using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Journal;

/// <summary>The key writes that ride on the journal's opens and closes, read back through the idempotency store.</summary>
public abstract partial class JournalStoreTests
{
    private static readonly DateTimeOffset Now = T0;

    [StoreFact]
    public async Task OpenReservingAsync_FreeKey_OpensTheRecordAndHoldsTheKey()
    {
        var (journal, keys) = await StartBothAsync();

        var holder = await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);

        Assert.Null(holder);
        Assert.Equal(ExecutionRecord.OpenStatus, (await journal.GetAsync("exe_a", CancellationToken.None))!.Status);
        var key = await keys.GetAsync("k1", CancellationToken.None);
        Assert.Equal(("exe_a", IdempotencyStates.InFlight), (key!.ExecutionId, key.State));
    }

    [StoreFact]
    public async Task OpenReservingAsync_KeyHeldByAnother_ReturnsTheHolderAndStillOpens()
    {
        var (journal, keys) = await StartBothAsync();
        await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);

        var holder = await journal.OpenReservingAsync(Record("exe_b"), Reservation("k1", "exe_b"), Now, CancellationToken.None);

        Assert.Equal(("exe_a", IdempotencyStates.InFlight, "fp"), (holder!.ExecutionId, holder.State, holder.Fingerprint));
        Assert.NotNull(await journal.GetAsync("exe_b", CancellationToken.None));
        Assert.Equal("exe_a", (await keys.GetAsync("k1", CancellationToken.None))!.ExecutionId);
    }

    [StoreFact]
    public async Task OpenReservingAsync_ExpiredKey_IsTakenOver()
    {
        var (journal, keys) = await StartBothAsync();
        await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);

        var later = Now.AddHours(2);
        var holder = await journal.OpenReservingAsync(Record("exe_b"), Reservation("k1", "exe_b", later), later, CancellationToken.None);

        Assert.Null(holder);
        Assert.Equal("exe_b", (await keys.GetAsync("k1", CancellationToken.None))!.ExecutionId);
    }

    [StoreFact]
    public async Task OpenReservingAsync_ManyAtOnceForOneKey_ExactlyOneHoldsIt()
    {
        var (journal, keys) = await StartBothAsync();

        var holders = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            journal.OpenReservingAsync(Record($"exe_{i:D2}"), Reservation("k1", $"exe_{i:D2}"), Now, CancellationToken.None).AsTask()));

        var winner = (await keys.GetAsync("k1", CancellationToken.None))!.ExecutionId;
        Assert.Equal(1, holders.Count(h => h is null));
        Assert.All(holders.Where(h => h is not null), h => Assert.Equal(winner, h!.ExecutionId));
        Assert.Equal(16, (await journal.ListOpenAsync(Instance, CancellationToken.None)).Count);
    }

    [StoreFact]
    public async Task CloseAsync_WithCompletion_ClosesTheRecordAndCompletesTheKey()
    {
        var (journal, keys) = await StartBothAsync();
        await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);

        var closed = await journal.CloseAsync(
            Close("exe_a") with { Completion = new IdempotencyCompletion("k1", "completed", """{"content":[]}""") }, CancellationToken.None);

        Assert.True(closed);
        Assert.Equal("completed", (await journal.GetAsync("exe_a", CancellationToken.None))!.Status);
        var key = await keys.GetAsync("k1", CancellationToken.None);
        Assert.Equal((IdempotencyStates.Completed, "completed", """{"content":[]}"""), (key!.State, key.OutcomeStatus, key.ResultJson));
    }

    [StoreFact]
    public async Task CloseAsync_WithCompletion_ARepeatOfTheKeyFindsItCompleted()
    {
        var (journal, keys) = await StartBothAsync();
        await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);
        await journal.CloseAsync(
            Close("exe_a") with { Completion = new IdempotencyCompletion("k1", "reconciled", """{"content":[1]}""") }, CancellationToken.None);

        var holder = await journal.OpenReservingAsync(Record("exe_b"), Reservation("k1", "exe_b"), Now.AddMinutes(1), CancellationToken.None);
        var direct = await keys.TryReserveAsync(Reservation("k1", "exe_c"), Now.AddMinutes(1), CancellationToken.None);
        var byExecution = await keys.FindByExecutionAsync("exe_a", CancellationToken.None);

        Assert.All(new[] { holder, direct, byExecution }, found =>
            Assert.Equal(("exe_a", IdempotencyStates.Completed, "reconciled", """{"content":[1]}"""),
                (found!.ExecutionId, found.State, found.OutcomeStatus, found.ResultJson)));
    }

    [StoreFact]
    public async Task CloseAsync_CompletionOfAKeyAnotherExecutionHolds_LeavesTheKeyAlone()
    {
        var (journal, keys) = await StartBothAsync();
        await journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_a"), Now, CancellationToken.None);
        await journal.OpenAsync(Record("exe_b"), CancellationToken.None);

        var closed = await journal.CloseAsync(
            Close("exe_b") with { Completion = new IdempotencyCompletion("k1", "completed", "{}") }, CancellationToken.None);

        Assert.True(closed);
        Assert.Equal(("exe_a", IdempotencyStates.InFlight), ((await keys.GetAsync("k1", CancellationToken.None))!.ExecutionId, (await keys.GetAsync("k1", CancellationToken.None))!.State));
    }

    [StoreFact]
    public async Task CloseAsync_Unopened_WritesTheWholeRecordClosed()
    {
        var journal = await StartStoreAsync();

        var closed = await journal.CloseAsync(Close("exe_x", "denied", "no scope") with { Unopened = Record("exe_x") }, CancellationToken.None);

        Assert.True(closed);
        var stored = await journal.GetAsync("exe_x", CancellationToken.None);
        Assert.Equal(("denied", "no scope", T0.AddMinutes(30)), (stored!.Status, stored.Error, stored.EndedAt));
        Assert.Empty(await journal.ListOpenAsync(Instance, CancellationToken.None));
    }

    [StoreFact]
    public async Task OpenReservingAsync_ReservationNotTheOpensOwn_IsRejected()
    {
        var journal = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            journal.OpenReservingAsync(Record("exe_a"), Reservation("k1", "exe_other"), Now, CancellationToken.None).AsTask());
        Assert.Null(await journal.GetAsync("exe_a", CancellationToken.None));
    }

    protected static IdempotencyRecord Reservation(string key, string executionId, DateTimeOffset? at = null) => new()
    {
        Key = key,
        Fingerprint = "fp",
        ExecutionId = executionId,
        State = IdempotencyStates.InFlight,
        CreatedAt = at ?? Now,
        ExpiresAt = (at ?? Now).AddHours(1),
    };

    protected async Task<(IJournalStore Journal, IIdempotencyStore Keys)> StartBothAsync()
    {
        var journal = await StartStoreAsync();
        var keys = StoreFactory.CreateIdempotencyStore(Options, NullLoggerFactory.Instance);
        _keyStores.Add((IAsyncDisposable)keys);
        await keys.InitializeAsync(CancellationToken.None);
        return (journal, keys);
    }
}
