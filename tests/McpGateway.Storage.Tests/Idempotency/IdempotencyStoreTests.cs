using McpGateway.Policy.Stages.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Idempotency;

/// <summary>The idempotency store contract, run against every backend.</summary>
public abstract partial class IdempotencyStoreTests(TestDatabase database) : StoreTests<IIdempotencyStore>(database)
{
    private const string Result = """{"content":[{"type":"text","text":"charged"}]}""";

    private static readonly TimeSpan Ttl = KeyCandidate.Window;

    protected override IIdempotencyStore Create(StorageOptions options) =>
        StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IIdempotencyStore store) => store.InitializeAsync(CancellationToken.None);

    private static IdempotencyRecord Candidate(string key, string executionId, DateTimeOffset? at = null) =>
        KeyCandidate.InFlight(key, executionId, at ?? T0);

    private async Task<IIdempotencyStore> StoreHoldingAsync(string key, string executionId)
    {
        var store = await StartStoreAsync();
        Assert.Null(await store.TryReserveAsync(Candidate(key, executionId), T0, CancellationToken.None));
        return store;
    }

    [StoreFact]
    public async Task TryReserveAsync_AbsentKey_ReturnsNullAndStoresItInFlight()
    {
        var store = await StartStoreAsync();
        var candidate = Candidate("charge-1", "exe_1");

        var holder = await store.TryReserveAsync(candidate, T0, CancellationToken.None);

        Assert.Null(holder);
        Assert.Equal(candidate, await store.GetAsync("charge-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task TryReserveAsync_LiveKey_ReturnsHolderAndKeepsIt()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        var holder = await store.TryReserveAsync(Candidate("charge-1", "exe_2"), T0.AddMinutes(5), CancellationToken.None);

        Assert.Equal(Candidate("charge-1", "exe_1"), holder);
        Assert.Equal("exe_1", (await store.GetAsync("charge-1", CancellationToken.None))!.ExecutionId);
    }

    [StoreFact]
    public async Task TryReserveAsync_CompletedKey_ReturnsItWithTheStoredResult()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.CompleteAsync("charge-1", "exe_1", "completed", Result, CancellationToken.None);

        var holder = await store.TryReserveAsync(Candidate("charge-1", "exe_2"), T0.AddHours(1), CancellationToken.None);

        Assert.NotNull(holder);
        Assert.Equal(IdempotencyStates.Completed, holder.State);
        Assert.Equal("completed", holder.OutcomeStatus);
        Assert.Equal(Result, holder.ResultJson);
    }

    [StoreFact]
    public async Task TryReserveAsync_ExpiredKey_ReplacesItAsIfAbsent()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_old");
        await store.MarkPendingApprovalAsync("charge-1", "exe_old", "appr_1", CancellationToken.None);
        await store.CompleteAsync("charge-1", "exe_old", "completed", Result, CancellationToken.None);
        var later = T0 + Ttl + TimeSpan.FromSeconds(1);
        var candidate = Candidate("charge-1", "exe_new", later) with { Fingerprint = "fp-other" };

        var holder = await store.TryReserveAsync(candidate, later, CancellationToken.None);

        Assert.Null(holder);
        Assert.Equal(candidate, await store.GetAsync("charge-1", CancellationToken.None)); // approval and result cleared
    }

    [StoreFact]
    public async Task TryReserveAsync_ExpiresExactlyNow_CountsAsExpired()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_old");

        var holder = await store.TryReserveAsync(Candidate("charge-1", "exe_new", T0 + Ttl), T0 + Ttl, CancellationToken.None);

        Assert.Null(holder);
    }

    [StoreFact]
    public async Task TryReserveAsync_OneTickBeforeExpiry_ReturnsHolder()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_old");
        var now = T0 + Ttl - TimeSpan.FromMicroseconds(1);

        var holder = await store.TryReserveAsync(Candidate("charge-1", "exe_new", now), now, CancellationToken.None);

        Assert.Equal("exe_old", holder?.ExecutionId);
    }

    [StoreFact]
    public async Task TryReserveAsync_CandidateNotInFlight_ThrowsArgumentException()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.TryReserveAsync(
            Candidate("charge-1", "exe_1") with { State = IdempotencyStates.Completed }, T0, CancellationToken.None));

        Assert.Null(await store.GetAsync("charge-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task CompleteAsync_Holder_StoresResultAndReturnsTrue()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        var completed = await store.CompleteAsync("charge-1", "exe_1", "failed", Result, CancellationToken.None);

        Assert.True(completed);
        var stored = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal(IdempotencyStates.Completed, stored!.State);
        Assert.Equal("failed", stored.OutcomeStatus);
        Assert.Equal(Result, stored.ResultJson);
        Assert.Equal(T0 + Ttl, stored.ExpiresAt);
    }

    [StoreFact]
    public async Task CompleteAsync_OtherExecution_ReturnsFalseAndChangesNothing()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.False(await store.CompleteAsync("charge-1", "exe_2", "completed", Result, CancellationToken.None));
        Assert.Equal(IdempotencyStates.InFlight, (await store.GetAsync("charge-1", CancellationToken.None))!.State);
    }

    [StoreFact]
    public async Task CompleteAsync_AlreadyCompleted_ReturnsFalseAndKeepsFirstResult()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.CompleteAsync("charge-1", "exe_1", "completed", Result, CancellationToken.None);

        Assert.False(await store.CompleteAsync("charge-1", "exe_1", "failed", "{}", CancellationToken.None));
        Assert.Equal(Result, (await store.GetAsync("charge-1", CancellationToken.None))!.ResultJson);
    }

    [StoreFact]
    public async Task MarkPendingApprovalAsync_Holder_FreezesItForTheApproval()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.True(await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None));

        var stored = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal(IdempotencyStates.PendingApproval, stored!.State);
        Assert.Equal("appr_1", stored.ApprovalId);
        Assert.Equal("exe_1", stored.ExecutionId);
    }

    [StoreFact]
    public async Task MarkPendingApprovalAsync_OtherExecution_ReturnsFalse()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.False(await store.MarkPendingApprovalAsync("charge-1", "exe_2", "appr_1", CancellationToken.None));
        Assert.Equal(IdempotencyStates.InFlight, (await store.GetAsync("charge-1", CancellationToken.None))!.State);
    }

    [StoreFact]
    public async Task TransferAsync_NoNewApproval_MovesKeyInFlightToNewExecution()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None);

        var moved = await store.TransferAsync("charge-1", "appr_1", "exe_thaw", null, CancellationToken.None);

        Assert.True(moved);
        var stored = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal(IdempotencyStates.InFlight, stored!.State);
        Assert.Equal("exe_thaw", stored.ExecutionId);
        Assert.Null(stored.ApprovalId);
        Assert.True(await store.CompleteAsync("charge-1", "exe_thaw", "completed", Result, CancellationToken.None));
    }

    [StoreFact]
    public async Task TransferAsync_RequeuedApproval_StaysPendingForTheNewApproval()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None);

        var moved = await store.TransferAsync("charge-1", "appr_1", "exe_2", "appr_2", CancellationToken.None);

        Assert.True(moved);
        var stored = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal(IdempotencyStates.PendingApproval, stored!.State);
        Assert.Equal("appr_2", stored.ApprovalId);
        Assert.Equal("exe_2", stored.ExecutionId);
        Assert.False(await store.TransferAsync("charge-1", "appr_1", "exe_3", null, CancellationToken.None));
    }

    [StoreFact]
    public async Task TransferAsync_OtherApproval_ReturnsFalseAndChangesNothing()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None);

        Assert.False(await store.TransferAsync("charge-1", "appr_other", "exe_2", null, CancellationToken.None));

        var stored = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal(("exe_1", "appr_1"), (stored!.ExecutionId, stored.ApprovalId));
    }

    [StoreFact]
    public async Task TransferAsync_KeyInFlight_ReturnsFalse()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.False(await store.TransferAsync("charge-1", "appr_1", "exe_2", null, CancellationToken.None));
    }

    [StoreFact]
    public async Task MarkOutcomeUnknownAsync_InFlightHolder_MarksItAndARepeatSeesTheState()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.True(await store.MarkOutcomeUnknownAsync("charge-1", "exe_1", CancellationToken.None));

        var holder = await store.TryReserveAsync(Candidate("charge-1", "exe_2"), T0.AddMinutes(1), CancellationToken.None);
        Assert.Equal((IdempotencyStates.OutcomeUnknown, "exe_1"), (holder!.State, holder.ExecutionId));
        Assert.False(await store.ReleaseAsync("charge-1", "exe_1", CancellationToken.None)); // no longer held: nothing frees it
        Assert.False(await store.CompleteAsync("charge-1", "exe_1", "completed", Result, CancellationToken.None));
    }

    [StoreFact]
    public async Task MarkOutcomeUnknownAsync_OtherExecutionOrCompleted_ReturnsFalse()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.TryReserveAsync(Candidate("charge-2", "exe_2"), T0, CancellationToken.None);
        await store.CompleteAsync("charge-2", "exe_2", "completed", Result, CancellationToken.None);

        Assert.False(await store.MarkOutcomeUnknownAsync("charge-1", "exe_other", CancellationToken.None));
        Assert.False(await store.MarkOutcomeUnknownAsync("charge-2", "exe_2", CancellationToken.None));
        Assert.Equal(IdempotencyStates.Completed, (await store.GetAsync("charge-2", CancellationToken.None))!.State);
    }

    [StoreFact]
    public async Task SettleOutcomeUnknownAsync_Executed_CompletesAsReconciled_NotExecuted_FreesTheKey()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.TryReserveAsync(Candidate("charge-2", "exe_2"), T0, CancellationToken.None);
        await store.MarkOutcomeUnknownAsync("charge-1", "exe_1", CancellationToken.None);
        await store.MarkOutcomeUnknownAsync("charge-2", "exe_2", CancellationToken.None);

        Assert.True(await store.SettleOutcomeUnknownAsync("charge-1", "exe_1", Result, CancellationToken.None));
        Assert.True(await store.SettleOutcomeUnknownAsync("charge-2", "exe_2", null, CancellationToken.None));

        var done = await store.GetAsync("charge-1", CancellationToken.None);
        Assert.Equal((IdempotencyStates.Completed, "reconciled", Result), (done!.State, done.OutcomeStatus, done.ResultJson));
        Assert.Null(await store.GetAsync("charge-2", CancellationToken.None));
    }

    [StoreFact]
    public async Task SettleOutcomeUnknownAsync_KeyNotUnknownOrNotTheExecutions_ReturnsFalse()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.False(await store.SettleOutcomeUnknownAsync("charge-1", "exe_1", Result, CancellationToken.None)); // still in flight
        await store.MarkOutcomeUnknownAsync("charge-1", "exe_1", CancellationToken.None);
        Assert.False(await store.SettleOutcomeUnknownAsync("charge-1", "exe_other", null, CancellationToken.None));
        Assert.Equal(IdempotencyStates.OutcomeUnknown, (await store.GetAsync("charge-1", CancellationToken.None))!.State);
    }

    [StoreFact]
    public async Task TryReserveAsync_ExpiredOutcomeUnknown_IsReservedAfresh()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkOutcomeUnknownAsync("charge-1", "exe_1", CancellationToken.None);

        var later = T0 + Ttl + TimeSpan.FromSeconds(1);
        Assert.Null(await store.TryReserveAsync(Candidate("charge-1", "exe_2", later), later, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReleaseAsync_Holder_DeletesSoTheKeyCanBeReservedAgain()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.True(await store.ReleaseAsync("charge-1", "exe_1", CancellationToken.None));

        Assert.Null(await store.GetAsync("charge-1", CancellationToken.None));
        Assert.Null(await store.TryReserveAsync(Candidate("charge-1", "exe_2"), T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReleaseAsync_PendingApprovalHolder_Deletes()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None);

        Assert.True(await store.ReleaseAsync("charge-1", "exe_1", CancellationToken.None));
        Assert.Null(await store.GetAsync("charge-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task ReleaseAsync_OtherExecutionOrCompleted_ReturnsFalseAndKeepsTheKey()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");

        Assert.False(await store.ReleaseAsync("charge-1", "exe_2", CancellationToken.None));
        await store.CompleteAsync("charge-1", "exe_1", "completed", Result, CancellationToken.None);
        Assert.False(await store.ReleaseAsync("charge-1", "exe_1", CancellationToken.None));

        Assert.NotNull(await store.GetAsync("charge-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task FindByExecutionAsync_HeldThenCompleted_FindsTheKey()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.TryReserveAsync(Candidate("charge-2", "exe_2"), T0, CancellationToken.None);

        Assert.Equal("charge-1", (await store.FindByExecutionAsync("exe_1", CancellationToken.None))?.Key);
        await store.CompleteAsync("charge-1", "exe_1", "completed", Result, CancellationToken.None);
        Assert.Equal(IdempotencyStates.Completed, (await store.FindByExecutionAsync("exe_1", CancellationToken.None))?.State);
        Assert.Null(await store.FindByExecutionAsync("exe_none", CancellationToken.None));
    }

    [StoreFact]
    public async Task FindByExecutionAsync_AfterTransfer_FindsItUnderTheNewExecutionOnly()
    {
        var store = await StoreHoldingAsync("charge-1", "exe_1");
        await store.MarkPendingApprovalAsync("charge-1", "exe_1", "appr_1", CancellationToken.None);
        await store.TransferAsync("charge-1", "appr_1", "exe_thaw", null, CancellationToken.None);

        Assert.Null(await store.FindByExecutionAsync("exe_1", CancellationToken.None));
        Assert.Equal("charge-1", (await store.FindByExecutionAsync("exe_thaw", CancellationToken.None))?.Key);
    }

    [StoreFact]
    public async Task PurgeExpiredAsync_MixedKeys_DeletesOnlyExpiredAndCountsThem()
    {
        var store = await StartStoreAsync();
        await store.TryReserveAsync(Candidate("old-1", "exe_1", T0), T0, CancellationToken.None);
        await store.TryReserveAsync(Candidate("old-2", "exe_2", T0.AddMinutes(1)), T0, CancellationToken.None);
        await store.TryReserveAsync(Candidate("fresh", "exe_3", T0.AddHours(12)), T0, CancellationToken.None);
        await store.CompleteAsync("old-2", "exe_2", "completed", Result, CancellationToken.None);

        var purged = await store.PurgeExpiredAsync(T0.AddMinutes(1) + Ttl, CancellationToken.None);

        Assert.Equal(2, purged);
        Assert.Null(await store.GetAsync("old-1", CancellationToken.None));
        Assert.Null(await store.GetAsync("old-2", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("fresh", CancellationToken.None));
    }

    [StoreFact]
    public async Task PurgeExpiredAsync_MoreThanOneChunk_DeletesThemAll()
    {
        var store = await StartStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 2_345).Select(i =>
            store.TryReserveAsync(Candidate($"old-{i}", $"exe_{i}", T0), T0, CancellationToken.None).AsTask()));
        await store.TryReserveAsync(Candidate("fresh", "exe_fresh", T0.AddHours(12)), T0, CancellationToken.None);

        var purged = await store.PurgeExpiredAsync(T0 + Ttl, CancellationToken.None);

        Assert.Equal(2_345, purged);
        Assert.Null(await store.GetAsync("old-2344", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("fresh", CancellationToken.None));
    }

    [StoreFact]
    public async Task GetAsync_UnknownKey_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetAsync("nothing", CancellationToken.None));
    }

    [StoreFact]
    public async Task TryReserveAsync_BeforeInitialize_ThrowsInvalidOperation()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.TryReserveAsync(Candidate("charge-1", "exe_1"), T0, CancellationToken.None));
    }
}
