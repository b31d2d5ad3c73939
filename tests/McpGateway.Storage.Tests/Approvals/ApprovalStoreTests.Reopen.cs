using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Storage.Tests.Approvals;

public abstract partial class ApprovalStoreTests
{
    [StoreFact]
    public async Task TryReopenAsync_TheClaimTaken_BackToPendingAndClaimableAgain()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);

        var reopened = await store.TryReopenAsync("appr_1", "alice", T0.AddMinutes(10), CancellationToken.None);

        Assert.True(reopened);
        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Pending, stored!.Status);
        Assert.Null(stored.DecidedBy);
        Assert.Null(stored.DecidedAt);
        Assert.Null(stored.ClaimedInstance);
        Assert.True(await store.TryClaimAsync("appr_1", "bob", "gw-2", T0.AddMinutes(20), CancellationToken.None));
    }

    [StoreFact]
    public async Task TryReopenAsync_ALaterClaim_ReturnsFalseAndKeepsIt()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);

        Assert.False(await store.TryReopenAsync("appr_1", "alice", T0.AddMinutes(9), CancellationToken.None));
        Assert.False(await store.TryReopenAsync("appr_1", "bob", T0.AddMinutes(10), CancellationToken.None));
        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Deciding, stored!.Status);
        Assert.Equal("alice", stored.DecidedBy);
    }

    [StoreFact]
    public async Task TryReopenAsync_Finished_ReturnsFalseAndKeepsTheDecision()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);
        await store.FinishAsync("appr_1", ApprovalStatuses.Executed, Decision, "exe_2", CancellationToken.None);

        Assert.False(await store.TryReopenAsync("appr_1", "alice", T0.AddMinutes(10), CancellationToken.None));
        Assert.Equal(ApprovalStatuses.Executed, (await store.GetAsync("appr_1", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task TryReopenAsync_Pending_ReturnsFalse()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        Assert.False(await store.TryReopenAsync("appr_1", "alice", T0, CancellationToken.None));
    }
}
