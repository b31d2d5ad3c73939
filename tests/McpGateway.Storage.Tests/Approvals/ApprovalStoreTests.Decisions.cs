using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Storage.Tests.Approvals;

public abstract partial class ApprovalStoreTests
{
    [StoreFact]
    public async Task TryClaimAsync_Pending_MovesItToDecidingForTheApprover()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        var claimed = await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);

        Assert.True(claimed);
        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Deciding, stored!.Status);
        Assert.Equal("alice", stored.DecidedBy);
        Assert.Equal(T0.AddMinutes(10), stored.DecidedAt);
        Assert.Equal("gw-1", stored.ClaimedInstance);
    }

    [StoreFact]
    public async Task TryClaimAsync_AlreadyClaimed_ReturnsFalseAndKeepsTheFirstApprover()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);

        Assert.False(await store.TryClaimAsync("appr_1", "bob", "gw-1", T0.AddMinutes(11), CancellationToken.None));
        Assert.Equal("alice", (await store.GetAsync("appr_1", CancellationToken.None))!.DecidedBy);
    }

    [StoreFact]
    public async Task TryClaimAsync_UnknownId_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.TryClaimAsync("appr_none", "alice", "gw-1", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimAsync_ManyConcurrentApproversOnTwoReplicas_ExactlyOneWins()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };
        for (var round = 0; round < 10; round++)
        {
            var id = $"appr_{round}";
            await replicas[0].CreateAsync(Minimal(id), CancellationToken.None);

            var claims = await RaceAsync(Racers, async i =>
                await replicas[i % 2].TryClaimAsync(id, $"approver-{i}", "gw-1", T0.AddMinutes(i), CancellationToken.None));

            var winner = Assert.Single(Enumerable.Range(0, Racers), i => claims[i]);
            var stored = await replicas[1].GetAsync(id, CancellationToken.None);
            Assert.Equal($"approver-{winner}", stored!.DecidedBy);
            Assert.Equal(T0.AddMinutes(winner), stored.DecidedAt);
        }
    }

    [StoreFact]
    public async Task TryClaimAndTryDecideAsync_Racing_ExactlyOneDecides()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };
        await replicas[0].CreateAsync(Minimal("appr_1"), CancellationToken.None);

        var wins = await RaceAsync(Racers, async i => i % 3 == 0
            ? await replicas[i % 2].TryDecideAsync("appr_1", ApprovalStatuses.Cancelled, $"expirer-{i}", T0, null, CancellationToken.None)
            : await replicas[i % 2].TryClaimAsync("appr_1", $"approver-{i}", "gw-1", T0, CancellationToken.None));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => wins[i]);
        var stored = await replicas[0].GetAsync("appr_1", CancellationToken.None);
        Assert.EndsWith($"-{winner}", stored!.DecidedBy, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task FinishAsync_Deciding_SetsTheFinalStatusDecisionAndResult()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0.AddMinutes(10), CancellationToken.None);

        var finished = await store.FinishAsync("appr_1", ApprovalStatuses.Executed, Decision, "exe_run", CancellationToken.None);

        Assert.True(finished);
        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Executed, stored!.Status);
        Assert.Equal(Decision, stored.DecisionJson);
        Assert.Equal("exe_run", stored.ResultExecutionId);
        Assert.Equal("alice", stored.DecidedBy);
    }

    [StoreFact]
    public async Task FinishAsync_Pending_ReturnsFalseAndChangesNothing()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        Assert.False(await store.FinishAsync("appr_1", ApprovalStatuses.Executed, Decision, "exe_run", CancellationToken.None));
        Assert.Equal(Minimal("appr_1"), await store.GetAsync("appr_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task FinishAsync_Twice_SecondReturnsFalseAndKeepsTheFirst()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0, CancellationToken.None);
        await store.FinishAsync("appr_1", ApprovalStatuses.Blocked, Decision, null, CancellationToken.None);

        Assert.False(await store.FinishAsync("appr_1", ApprovalStatuses.Executed, null, "exe_run", CancellationToken.None));

        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Blocked, stored!.Status);
        Assert.Null(stored.ResultExecutionId);
    }

    [StoreFact]
    public async Task FinishAsync_NonFinalStatus_ThrowsArgumentException()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.FinishAsync("appr_1", ApprovalStatuses.Pending, null, null, CancellationToken.None));

        Assert.Equal(ApprovalStatuses.Deciding, (await store.GetAsync("appr_1", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task TryDecideAsync_Pending_DecidesInOneStep()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        var decided = await store.TryDecideAsync(
            "appr_1", ApprovalStatuses.Rejected, "bob", T0.AddMinutes(5), Decision, CancellationToken.None);

        Assert.True(decided);
        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Rejected, stored!.Status);
        Assert.Equal("bob", stored.DecidedBy);
        Assert.Equal(T0.AddMinutes(5), stored.DecidedAt);
        Assert.Equal(Decision, stored.DecisionJson);
    }

    [StoreFact]
    public async Task TryDecideAsync_Claimed_ReturnsFalseAndLeavesTheClaim()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));
        await store.TryClaimAsync("appr_1", "alice", "gw-1", T0, CancellationToken.None);

        Assert.False(await store.TryDecideAsync("appr_1", ApprovalStatuses.Cancelled, "expirer", T0, null, CancellationToken.None));

        var stored = await store.GetAsync("appr_1", CancellationToken.None);
        Assert.Equal((ApprovalStatuses.Deciding, "alice"), (stored!.Status, stored.DecidedBy));
    }

    [StoreFact]
    public async Task TryDecideAsync_DecidingStatus_ThrowsArgumentException()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.TryDecideAsync("appr_1", ApprovalStatuses.Deciding, "bob", T0, null, CancellationToken.None));
    }
}
