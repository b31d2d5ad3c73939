using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Tests.Journal;

public abstract partial class JournalStoreTests
{
    [StoreFact]
    public async Task OpenAndCloseAsync_200Concurrent_AllCommittedAndReadable()
    {
        var store = await StartStoreAsync();
        var ids = Enumerable.Range(0, 200).Select(i => $"exe_many_{i:D3}").ToArray();

        var closed = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await store.OpenAsync(Record(id), CancellationToken.None);
            return await store.CloseAsync(Close(id), CancellationToken.None);
        })));

        Assert.All(closed, Assert.True);
        var listed = await store.ListAsync(new JournalQuery { Limit = 1000 }, CancellationToken.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(r => r.ExecutionId).Order(StringComparer.Ordinal));
        Assert.All(listed, record => Assert.Equal("completed", record.Status));
        Assert.Empty(await store.ListOpenAsync(Instance, CancellationToken.None));
    }

    [StoreFact]
    public async Task OpenAsync_DuplicateIdInConcurrentBatch_FaultsOnlyThatWrite()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_dup"), CancellationToken.None);

        var writes = Enumerable.Range(0, 50)
            .Select(i => i == 25 ? "exe_dup" : $"exe_fresh_{i}")
            .Select(id => (Id: id, Task: store.OpenAsync(Record(id, tool: "fresh"), CancellationToken.None).AsTask()))
            .ToArray();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => writes[25].Task);
        foreach (var (id, task) in writes.Where(w => w.Id != "exe_dup"))
        {
            await task;
            Assert.NotNull(await store.GetAsync(id, CancellationToken.None));
        }

        Assert.Equal("crm__update", (await store.GetAsync("exe_dup", CancellationToken.None))!.Tool);
    }

    [StoreFact]
    public async Task InitializeAsync_ReopenAfterDispose_RecordsSurvive()
    {
        var first = await StartStoreAsync();
        await first.OpenAsync(Record("exe_kept_open"), CancellationToken.None);
        await first.OpenAsync(Record("exe_kept_closed", minute: 1), CancellationToken.None);
        await first.CloseAsync(Close("exe_kept_closed"), CancellationToken.None);
        await StopStoreAsync(first);

        var second = await StartStoreAsync();

        Assert.Equal(Record("exe_kept_open"), await second.GetAsync("exe_kept_open", CancellationToken.None));
        Assert.Equal(Trace, (await second.GetAsync("exe_kept_closed", CancellationToken.None))!.TraceJson);
    }

    [StoreFact]
    public async Task ListOpenAsync_AfterCrashWithoutClose_ListsTheRecordOpenAtCrash()
    {
        var crashed = await StartStoreAsync();
        await crashed.OpenAsync(Record("exe_in_flight"), CancellationToken.None);
        await StopStoreAsync(crashed);

        var restarted = await StartStoreAsync();
        var open = await restarted.ListOpenAsync(Instance, CancellationToken.None);

        Assert.Equal(["exe_in_flight"], Ids(open));
    }

    [StoreFact]
    public async Task DisposeAsync_WritesStillQueued_CommitsThemBeforeReturning()
    {
        var store = await StartStoreAsync();
        var writes = Enumerable.Range(0, 100)
            .Select(i => store.OpenAsync(Record($"exe_queued_{i:D3}"), CancellationToken.None).AsTask())
            .ToArray();

        await StopStoreAsync(store);

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        var reopened = await StartStoreAsync();
        Assert.Equal(100, (await reopened.ListOpenAsync(Instance, CancellationToken.None)).Count);
    }

    [StoreFact]
    public async Task InitializeAsync_CalledTwiceAndByASecondStore_IsIdempotent()
    {
        var store = NewStore();
        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);
        await store.OpenAsync(Record("exe_idem"), CancellationToken.None);
        await StopStoreAsync(store);

        var again = await StartStoreAsync();

        Assert.NotNull(await again.GetAsync("exe_idem", CancellationToken.None));
    }

    [StoreFact]
    public async Task InitializeAsync_FourStoresConcurrentlyOnFreshDatabase_AllSucceed()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync(CancellationToken.None))));

        await stores[0].OpenAsync(Record("exe_race"), CancellationToken.None);
        foreach (var store in stores)
        {
            Assert.NotNull(await store.GetAsync("exe_race", CancellationToken.None));
        }
    }

    [StoreFact]
    public async Task ProbeProcess_KilledWithSigkillMidWrites_EveryAcknowledgedWriteSurvives()
    {
        const string probeInstance = "gw-probe";
        var acknowledged = await CrashProbe.RunUntilKilledAsync(Options, probeInstance, minimumOpened: 300);

        var store = await StartStoreAsync();
        var open = (await store.ListOpenAsync(probeInstance, CancellationToken.None)).Select(r => r.ExecutionId).ToHashSet();
        foreach (var id in acknowledged.Opened)
        {
            var record = await store.GetAsync(id, CancellationToken.None);
            Assert.NotNull(record);
            if (record.Status == ExecutionRecord.OpenStatus)
            {
                Assert.Contains(id, open);
            }
        }

        foreach (var id in acknowledged.Closed)
        {
            Assert.Equal("completed", (await store.GetAsync(id, CancellationToken.None))!.Status);
        }

        Assert.NotEmpty(open);
    }
}
