using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    [StoreFact]
    public async Task RequestPauseAsync_ActiveRun_SetsTheReasonOnceAndKeepsItThroughTheEnginesUpdates()
    {
        var running = NewRun("run_1") with { Status = RunStatuses.Running };
        var store = await StoreWithAsync(running);

        Assert.True(await store.RequestPauseAsync("run_1", "paused by alice", CancellationToken.None));
        Assert.False(await store.RequestPauseAsync("run_1", "paused by bob", CancellationToken.None));
        Assert.True(await store.UpdateRunAsync(running with { Status = RunStatuses.Paused }, CancellationToken.None));

        var paused = (await store.GetRunAsync("run_1", CancellationToken.None))!;
        Assert.Equal((RunStatuses.Paused, "paused by alice"), (paused.Status, paused.PauseReason));
    }

    [StoreFact]
    public async Task RequestPauseAsync_EndedCancellingOrUnknownRun_ReturnsFalse()
    {
        var store = await StoreWithAsync(
            NewRun("run_done") with { Status = RunStatuses.Succeeded },
            NewRun("run_cancel", 1) with { Status = RunStatuses.Running, CancelRequested = true });

        Assert.False(await store.RequestPauseAsync("run_done", "paused by alice", CancellationToken.None));
        Assert.False(await store.RequestPauseAsync("run_cancel", "paused by alice", CancellationToken.None));
        Assert.False(await store.RequestPauseAsync("run_none", "paused by alice", CancellationToken.None));
        Assert.Null((await store.GetRunAsync("run_done", CancellationToken.None))!.PauseReason);
    }

    [StoreFact]
    public async Task ResumeAsync_PausedByACaller_ClearsTheReasonAndWakesItForAnyReplica()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Paused, PauseReason = "paused by alice", WakeAt = T0.AddHours(1) });

        Assert.True(await store.ResumeAsync("run_1", T0.AddMinutes(1), CancellationToken.None));

        var resumed = (await store.GetRunAsync("run_1", CancellationToken.None))!;
        Assert.Null(resumed.PauseReason);
        Assert.Equal(T0.AddMinutes(1), resumed.WakeAt);
        Assert.Contains(await store.ListRunnableAsync(T0.AddMinutes(1), 10, CancellationToken.None), r => r.Id == "run_1");
        Assert.False(await store.ResumeAsync("run_1", T0.AddMinutes(2), CancellationToken.None));
    }

    [StoreFact]
    public async Task ResumeAsync_NotPausedEndedOrUnknown_ReturnsFalse()
    {
        var store = await StoreWithAsync(
            NewRun("run_live") with { Status = RunStatuses.Running },
            NewRun("run_done", 1) with { Status = RunStatuses.Failed, PauseReason = "paused by alice" });

        Assert.False(await store.ResumeAsync("run_live", T0, CancellationToken.None));
        Assert.False(await store.ResumeAsync("run_done", T0, CancellationToken.None));
        Assert.False(await store.ResumeAsync("run_none", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReopenRunAsync_RunPausedThenFailed_ClearsThePause()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Failed, PauseReason = "paused by alice" });

        Assert.True(await store.ReopenRunAsync("run_1", null, null, null, CancellationToken.None));

        Assert.Null((await store.GetRunAsync("run_1", CancellationToken.None))!.PauseReason);
    }

    [StoreFact]
    public async Task ListRunsAsync_TagFilter_ListsOnlyRunsCarryingThatExactTag()
    {
        var store = await StoreWithAsync(
            NewRun("run_a") with { Tags = ["nightly", "billing"] },
            NewRun("run_b", 1) with { Tags = ["billing-eu"] },
            NewRun("run_c", 2) with { Tags = ["night\"ly", "x"] },
            NewRun("run_d", 3));

        var billing = await store.ListRunsAsync(new RunQuery { Tag = "billing" }, CancellationToken.None);
        var quoted = await store.ListRunsAsync(new RunQuery { Tag = "night\"ly", FlowId = "flw_1" }, CancellationToken.None);
        var none = await store.ListRunsAsync(new RunQuery { Tag = "bill" }, CancellationToken.None);

        Assert.Equal(["run_a"], billing.Runs.Select(r => r.Id));
        Assert.Equal(["run_c"], quoted.Runs.Select(r => r.Id));
        Assert.Empty(none.Runs);
    }
}
