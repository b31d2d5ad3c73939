using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    [StoreFact]
    public async Task GetStatsAsync_EmptyStore_ReportsZeroForEveryStatus()
    {
        var store = await StartStoreAsync();

        var stats = await store.GetStatsAsync(T0, 5, CancellationToken.None);

        Assert.Equal(0, stats.TotalRuns);
        Assert.Equal(0, stats.RunsLast24h);
        Assert.Equal(0, stats.ActiveRuns);
        Assert.Equal(0, stats.FailedRunsLast24h);
        Assert.Equal(RunStatuses.All.Order(), stats.RunsByStatus.Keys.Order());
        Assert.All(stats.RunsByStatus.Values, count => Assert.Equal(0, count));
        Assert.Empty(stats.RecentRuns);
    }

    [StoreFact]
    public async Task GetStatsAsync_MixedRuns_CountsEachFigure()
    {
        var now = T0.AddDays(2);
        var old = -3 * 24 * 60;
        var store = await StoreWithAsync(
            NewRun("run_old_failed", old) with { Status = RunStatuses.Failed },
            NewRun("run_old_pending", old),
            NewRun("run_edge", (2 * 24 * 60) - (24 * 60)) with { Status = RunStatuses.Timeout },
            NewRun("run_failed", 2 * 24 * 60 - 5) with { Status = RunStatuses.Failed },
            NewRun("run_running", 2 * 24 * 60 - 4) with { Status = RunStatuses.Running },
            NewRun("run_paused", 2 * 24 * 60 - 3) with { Status = RunStatuses.Paused },
            NewRun("run_ok", 2 * 24 * 60 - 2) with { Status = RunStatuses.Succeeded },
            NewRun("run_canceled", 2 * 24 * 60 - 1) with { Status = RunStatuses.Canceled });

        var stats = await store.GetStatsAsync(now, 3, CancellationToken.None);

        Assert.Equal(8, stats.TotalRuns);
        Assert.Equal(6, stats.RunsLast24h);
        Assert.Equal(3, stats.ActiveRuns);
        Assert.Equal(2, stats.FailedRunsLast24h);
        Assert.Equal(new Dictionary<string, long>
        {
            [RunStatuses.Pending] = 1,
            [RunStatuses.Running] = 1,
            [RunStatuses.Paused] = 1,
            [RunStatuses.Succeeded] = 1,
            [RunStatuses.Failed] = 2,
            [RunStatuses.Timeout] = 1,
            [RunStatuses.Canceled] = 1,
        }, stats.RunsByStatus);
        Assert.Equal(["run_canceled", "run_ok", "run_paused"], stats.RecentRuns.Select(r => r.Id));
    }

    [StoreFact]
    public async Task TryRecordTickAsync_SameTickTwice_RecordsItOnce()
    {
        var store = await StartStoreAsync();

        Assert.True(await store.TryRecordTickAsync("flw_1", T0, CancellationToken.None));
        Assert.False(await store.TryRecordTickAsync("flw_1", T0, CancellationToken.None));
        Assert.True(await store.TryRecordTickAsync("flw_2", T0, CancellationToken.None));
        Assert.True(await store.TryRecordTickAsync("flw_1", T0.AddMinutes(5), CancellationToken.None));
    }

    [StoreFact]
    public async Task TryRecordTickAsync_ConcurrentReplicas_ExactlyOneRecordsEachTick()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        for (var round = 0; round < 5; round++)
        {
            var tick = T0.AddMinutes(5 * round);

            var recorded = await RaceAsync(Racers, async i =>
                await replicas[i % 2].TryRecordTickAsync("flw_1", tick, CancellationToken.None));

            Assert.Single(recorded, r => r);
        }
    }

    [StoreFact]
    public async Task GetLastTickAsync_SeveralTicks_ReturnsTheLatestExactly()
    {
        var store = await StartStoreAsync();
        await store.TryRecordTickAsync("flw_1", T0.AddMinutes(5), CancellationToken.None);
        await store.TryRecordTickAsync("flw_1", T0, CancellationToken.None);
        await store.TryRecordTickAsync("flw_2", T0.AddHours(1), CancellationToken.None);

        var last = await store.GetLastTickAsync("flw_1", CancellationToken.None);

        Assert.Equal(T0.AddMinutes(5), last);
        Assert.Equal(T0.AddMinutes(5).UtcTicks, last!.Value.UtcTicks);
    }

    [StoreFact]
    public async Task GetLastTickAsync_NoTick_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetLastTickAsync("flw_1", CancellationToken.None));
    }
}
