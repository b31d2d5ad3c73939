using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [StoreFact]
    public async Task TryClaimAsync_UnclaimedRun_SucceedsAndAnotherOwnerIsRefused()
    {
        var store = await StoreWithAsync(NewRun("run_1"));

        Assert.True(await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None));

        Assert.False(await store.TryClaimAsync("run_1", "engine-b", T0 + Lease, T0.AddSeconds(29), CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimAsync_OwnerAlreadyHoldsIt_SucceedsAndExtendsTheLease()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);

        Assert.True(await store.TryClaimAsync("run_1", "engine-a", T0 + (2 * Lease), T0.AddSeconds(10), CancellationToken.None));

        Assert.False(await store.TryClaimAsync("run_1", "engine-b", T0 + (3 * Lease), T0 + Lease + TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimAsync_LeaseLapsed_AnotherOwnerTakesItOver()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);
        var later = T0 + Lease + TimeSpan.FromTicks(10);

        Assert.True(await store.TryClaimAsync("run_1", "engine-b", later + Lease, later, CancellationToken.None));

        Assert.False(await store.TryClaimAsync("run_1", "engine-a", later + Lease, later, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimAsync_TerminalOrUnknownRun_Fails()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Canceled });

        Assert.False(await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None));
        Assert.False(await store.TryClaimAsync("run_none", "engine-a", T0 + Lease, T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimAsync_ConcurrentOwnersOnTwoReplicas_ExactlyOneWins()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        for (var round = 0; round < 5; round++)
        {
            var runId = $"run_{round}";
            await replicas[0].CreateRunAsync(NewRun(runId), CancellationToken.None);

            var claimed = await RaceAsync(Racers, async i =>
                await replicas[i % 2].TryClaimAsync(runId, $"engine-{i}", T0 + Lease, T0, CancellationToken.None));

            var winner = Assert.Single(Enumerable.Range(0, Racers), i => claimed[i]);
            Assert.True(await replicas[0].TryClaimAsync(runId, $"engine-{winner}", T0 + Lease, T0, CancellationToken.None));
        }
    }

    [StoreFact]
    public async Task RenewLeasesAsync_SomeRunsHeldByAnother_ExtendsOnlyTheOwnersLeases()
    {
        var store = await StoreWithAsync(NewRun("run_1"), NewRun("run_2"), NewRun("run_3"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);
        await store.TryClaimAsync("run_2", "engine-a", T0 + Lease, T0, CancellationToken.None);
        await store.TryClaimAsync("run_3", "engine-b", T0 + Lease, T0, CancellationToken.None);

        await store.RenewLeasesAsync("engine-a", ["run_1", "run_2", "run_3"], T0 + (3 * Lease), CancellationToken.None);

        var later = T0 + (2 * Lease);
        Assert.False(await store.TryClaimAsync("run_1", "engine-c", later + Lease, later, CancellationToken.None));
        Assert.False(await store.TryClaimAsync("run_2", "engine-c", later + Lease, later, CancellationToken.None));
        Assert.True(await store.TryClaimAsync("run_3", "engine-c", later + Lease, later, CancellationToken.None));
    }

    [StoreFact]
    public async Task RenewLeasesAsync_NoRuns_DoesNothing()
    {
        var store = await StoreWithAsync(NewRun("run_1"));

        await store.RenewLeasesAsync("engine-a", [], T0 + Lease, CancellationToken.None);

        Assert.True(await store.TryClaimAsync("run_1", "engine-b", T0 + Lease, T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReleaseAsync_Owner_FreesTheRunForAnotherOwner()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);

        await store.ReleaseAsync("run_1", "engine-a", CancellationToken.None);

        Assert.True(await store.TryClaimAsync("run_1", "engine-b", T0 + Lease, T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReleaseAsync_NotTheOwner_KeepsTheLease()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);

        await store.ReleaseAsync("run_1", "engine-b", CancellationToken.None);

        Assert.False(await store.TryClaimAsync("run_1", "engine-b", T0 + Lease, T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ListRunnableAsync_PendingAndRunningUnleasedOrLapsed_ListsThemOldestFirst()
    {
        var store = await StoreWithAsync(
            NewRun("run_running", 2) with { Status = RunStatuses.Running },
            NewRun("run_pending", 1),
            NewRun("run_live", 0) with { Status = RunStatuses.Running },
            NewRun("run_lapsed", 3) with { Status = RunStatuses.Running });
        var now = T0.AddMinutes(10);
        await store.TryClaimAsync("run_live", "engine-a", now + Lease, now, CancellationToken.None);
        await store.TryClaimAsync("run_lapsed", "engine-a", now.AddSeconds(-1), now.AddMinutes(-1), CancellationToken.None);

        var runnable = await store.ListRunnableAsync(now, 10, CancellationToken.None);

        Assert.Equal(["run_pending", "run_running", "run_lapsed"], runnable.Select(r => r.Id));
    }

    [StoreFact]
    public async Task ListRunnableAsync_PausedRuns_ListsOnlyThoseWokenOrCancelledAndUnleased()
    {
        var now = T0.AddMinutes(10);
        var store = await StoreWithAsync(
            NewRun("run_woken", 1) with { Status = RunStatuses.Paused, WakeAt = now },
            NewRun("run_sleeping", 2) with { Status = RunStatuses.Paused, WakeAt = now.AddTicks(10) },
            NewRun("run_waiting", 3) with { Status = RunStatuses.Paused },
            NewRun("run_cancelled", 4) with { Status = RunStatuses.Paused },
            NewRun("run_woken_leased", 5) with { Status = RunStatuses.Paused, WakeAt = now.AddMinutes(-1) });
        await store.RequestCancelAsync("run_cancelled", CancellationToken.None);
        await store.TryClaimAsync("run_woken_leased", "engine-a", now + Lease, now, CancellationToken.None);

        var runnable = await store.ListRunnableAsync(now, 10, CancellationToken.None);

        Assert.Equal(["run_woken", "run_cancelled"], runnable.Select(r => r.Id));
    }

    [StoreFact]
    public async Task ListRunnableAsync_TerminalRuns_NeverListed()
    {
        var store = await StartStoreAsync();
        foreach (var status in Terminal)
        {
            await store.CreateRunAsync(NewRun("run_" + status) with { Status = status, WakeAt = T0 }, CancellationToken.None);
        }

        Assert.Empty(await store.ListRunnableAsync(T0.AddHours(1), 10, CancellationToken.None));
    }

    [StoreFact]
    public async Task ListRunnableAsync_MoreThanTheLimit_ReturnsTheOldest()
    {
        var store = await StoreWithAsync(NewRun("run_3", 3), NewRun("run_1", 1), NewRun("run_2", 2));

        var runnable = await store.ListRunnableAsync(T0.AddHours(1), 2, CancellationToken.None);

        Assert.Equal(["run_1", "run_2"], runnable.Select(r => r.Id));
    }
}
