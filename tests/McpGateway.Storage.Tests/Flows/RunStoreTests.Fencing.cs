using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

/// <summary>The engine's own writes are fenced by the run's lease; a child wakes its parent without touching its fields.</summary>
public abstract partial class RunStoreTests
{
    [StoreFact]
    public async Task UpdateOwnedRunAsync_OwnerHoldsTheLease_Saves()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);

        Assert.True(await store.UpdateOwnedRunAsync(NewRun("run_1") with { Status = RunStatuses.Running, StartedAt = T0 }, "engine-a", CancellationToken.None));

        Assert.Equal(RunStatuses.Running, (await store.GetRunAsync("run_1", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task UpdateOwnedRunAsync_LeaseTakenOverOrNeverHeld_ReturnsFalseAndChangesNothing()
    {
        var store = await StoreWithAsync(NewRun("run_1"), NewRun("run_2", minute: 1));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);
        Assert.True(await store.TryClaimAsync("run_1", "engine-b", T0 + (3 * Lease), T0 + (2 * Lease), CancellationToken.None));

        Assert.False(await store.UpdateOwnedRunAsync(NewRun("run_1") with { Status = RunStatuses.Succeeded }, "engine-a", CancellationToken.None));
        Assert.False(await store.UpdateOwnedRunAsync(NewRun("run_2") with { Status = RunStatuses.Succeeded }, "engine-a", CancellationToken.None));

        Assert.Equal(RunStatuses.Pending, (await store.GetRunAsync("run_1", CancellationToken.None))!.Status);
        Assert.Equal(RunStatuses.Pending, (await store.GetRunAsync("run_2", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task SaveOwnedNodeAsync_OwnerHoldsTheLease_InsertsThenReplaces()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);
        var node = NewNode("run_1", "charge", startedAt: T0) with { Status = NodeStatuses.Running, Attempts = 1 };

        Assert.True(await store.SaveOwnedNodeAsync(node, "engine-a", CancellationToken.None));
        Assert.True(await store.SaveOwnedNodeAsync(node with { Status = NodeStatuses.Succeeded, FinishedAt = T0.AddSeconds(1) }, "engine-a", CancellationToken.None));

        var saved = Assert.Single(await store.ListNodesAsync("run_1", CancellationToken.None));
        Assert.Equal(NodeStatuses.Succeeded, saved.Status);
        Assert.Equal(T0.AddSeconds(1), saved.FinishedAt);
    }

    [StoreFact]
    public async Task SaveOwnedNodeAsync_LeaseTakenOver_ReturnsFalseAndKeepsTheNewOwnersNode()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        await store.TryClaimAsync("run_1", "engine-a", T0 + Lease, T0, CancellationToken.None);
        var running = NewNode("run_1", "charge", startedAt: T0) with { Status = NodeStatuses.Running, Attempts = 1 };
        await store.SaveOwnedNodeAsync(running, "engine-a", CancellationToken.None);
        Assert.True(await store.TryClaimAsync("run_1", "engine-b", T0 + (3 * Lease), T0 + (2 * Lease), CancellationToken.None));
        Assert.True(await store.SaveOwnedNodeAsync(running with { Attempts = 2 }, "engine-b", CancellationToken.None));

        Assert.False(await store.SaveOwnedNodeAsync(running with { Status = NodeStatuses.Failed, Error = "stale" }, "engine-a", CancellationToken.None));
        Assert.False(await store.SaveOwnedNodeAsync(NewNode("run_1", "refund") with { Status = NodeStatuses.Running }, "engine-a", CancellationToken.None));

        var saved = Assert.Single(await store.ListNodesAsync("run_1", CancellationToken.None));
        Assert.Equal((NodeStatuses.Running, 2, (string?)null), (saved.Status, saved.Attempts, saved.Error));
    }

    [StoreFact]
    public async Task SaveNodeWhileRunEndedAsync_EndedRun_Saves_ActiveRun_Refused()
    {
        var store = await StoreWithAsync(
            NewRun("run_1") with { Status = RunStatuses.Failed, FinishedAt = T0 },
            NewRun("run_2", minute: 1) with { Status = RunStatuses.Running, StartedAt = T0 });
        var failed = NewNode("run_1", "charge", startedAt: T0) with { Status = NodeStatuses.Failed, Error = "down" };
        await store.SaveNodeAsync(failed, CancellationToken.None);
        await store.SaveNodeAsync(failed with { RunId = "run_2" }, CancellationToken.None);

        Assert.True(await store.SaveNodeWhileRunEndedAsync(failed with { Status = NodeStatuses.Pending, Error = null }, CancellationToken.None));
        Assert.False(await store.SaveNodeWhileRunEndedAsync(failed with { RunId = "run_2", Status = NodeStatuses.Pending, Error = null }, CancellationToken.None));

        Assert.Equal(NodeStatuses.Pending, Assert.Single(await store.ListNodesAsync("run_1", CancellationToken.None)).Status);
        Assert.Equal(NodeStatuses.Failed, Assert.Single(await store.ListNodesAsync("run_2", CancellationToken.None)).Status);
    }

    [StoreFact]
    public async Task WakeRunAsync_PausedRun_SetsOnlyTheWakeTime()
    {
        var paused = NewRun("run_1") with { Status = RunStatuses.Paused, StartedAt = T0, WakeAt = T0.AddHours(1), Error = "kept" };
        var store = await StoreWithAsync(paused);

        Assert.True(await store.WakeRunAsync("run_1", T0.AddMinutes(1), CancellationToken.None));

        AssertRun(paused with { WakeAt = T0.AddMinutes(1) }, await store.GetRunAsync("run_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task WakeRunAsync_RunNotPausedOrUnknown_ReturnsFalseAndChangesNothing()
    {
        var running = NewRun("run_1") with { Status = RunStatuses.Running, StartedAt = T0 };
        var store = await StoreWithAsync(running);

        Assert.False(await store.WakeRunAsync("run_1", T0.AddMinutes(1), CancellationToken.None));
        Assert.False(await store.WakeRunAsync("run_nope", T0.AddMinutes(1), CancellationToken.None));

        AssertRun(running, await store.GetRunAsync("run_1", CancellationToken.None));
    }
}
