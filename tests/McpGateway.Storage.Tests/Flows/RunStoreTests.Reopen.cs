using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    [StoreFact]
    public async Task ReopenRunAsync_FailedRun_BackToPendingWithItsEndCleared()
    {
        var running = NewRun("run_1") with { Status = RunStatuses.Running };
        var failed = running with
        {
            Status = RunStatuses.Failed,
            Error = "step 'b' failed",
            Outputs = new System.Text.Json.Nodes.JsonObject { ["x"] = 1 },
            FinishedAt = T0.AddMinutes(5),
            WakeAt = T0.AddMinutes(6),
        };
        var store = await StoreWithAsync(running);
        Assert.True(await store.TryClaimAsync("run_1", "replica-a", T0.AddHours(1), T0, CancellationToken.None));
        Assert.True(await store.UpdateRunAsync(failed, CancellationToken.None));

        Assert.True(await store.ReopenRunAsync("run_1", T0.AddMinutes(30), "key_retrier", "retrier-agent", CancellationToken.None));

        var reopened = (await store.GetRunAsync("run_1", CancellationToken.None))!;
        Assert.Equal(RunStatuses.Pending, reopened.Status);
        Assert.Null(reopened.Error);
        Assert.Null(reopened.Outputs);
        Assert.Null(reopened.FinishedAt);
        Assert.Null(reopened.WakeAt);
        Assert.Equal(T0.AddMinutes(30), reopened.TimeoutAt);
        Assert.Equal(("key_retrier", "retrier-agent"), (reopened.KeyId, reopened.Agent));
        Assert.True(await store.TryClaimAsync("run_1", "replica-b", T0.AddHours(1), T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task ReopenRunAsync_ActiveSucceededOrUnknown_ReturnsFalse()
    {
        var store = await StoreWithAsync(NewRun("run_ok") with { Status = RunStatuses.Succeeded }, NewRun("run_live", 1) with { Status = RunStatuses.Running });

        Assert.False(await store.ReopenRunAsync("run_ok", null, null, null, CancellationToken.None));
        Assert.False(await store.ReopenRunAsync("run_live", null, null, null, CancellationToken.None));
        Assert.False(await store.ReopenRunAsync("run_none", null, null, null, CancellationToken.None));
        Assert.Equal(RunStatuses.Succeeded, (await store.GetRunAsync("run_ok", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task ReopenRunAsync_RacingRetries_OneWins()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Canceled, CancelRequested = true });

        var wins = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => store.ReopenRunAsync("run_1", null, null, null, CancellationToken.None).AsTask()));

        Assert.Equal(1, wins.Count(w => w));
        Assert.False((await store.GetRunAsync("run_1", CancellationToken.None))!.CancelRequested);
    }
}
