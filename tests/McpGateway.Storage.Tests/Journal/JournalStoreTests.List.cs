using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Tests.Journal;

public abstract partial class JournalStoreTests
{
    [StoreFact]
    public async Task ListOpenAsync_SeveralInstances_ReturnsOnlyThisInstancesOpenRecords()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_mine_open", minute: 1), CancellationToken.None);
        await store.OpenAsync(Record("exe_mine_open_too", minute: 2), CancellationToken.None);
        await store.OpenAsync(Record("exe_mine_closed", minute: 3), CancellationToken.None);
        await store.CloseAsync(Close("exe_mine_closed"), CancellationToken.None);
        await store.OpenAsync(Record("exe_other_open", instance: "gw-2"), CancellationToken.None);

        var open = await store.ListOpenAsync(Instance, CancellationToken.None);

        Assert.Equal(["exe_mine_open", "exe_mine_open_too"], Ids(open));
        Assert.All(open, record => Assert.Equal(ExecutionRecord.OpenStatus, record.Status));
    }

    [StoreFact]
    public async Task ListAsync_ToolFilter_ReturnsOnlyThatToolNewestFirst()
    {
        var store = await SeedListAsync();

        var listed = await store.ListAsync(new JournalQuery { Tool = "t1" }, CancellationToken.None);

        Assert.Equal(["exe_f", "exe_d", "exe_c", "exe_a"], Ids(listed));
    }

    [StoreFact]
    public async Task ListAsync_AgentFilter_ReturnsOnlyThatAgent()
    {
        var store = await SeedListAsync();

        var listed = await store.ListAsync(new JournalQuery { Agent = "B" }, CancellationToken.None);

        Assert.Equal(["exe_e", "exe_c"], Ids(listed));
    }

    [StoreFact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThatStatus()
    {
        var store = await SeedListAsync();

        var running = await store.ListAsync(new JournalQuery { Status = ExecutionRecord.OpenStatus }, CancellationToken.None);
        var failed = await store.ListAsync(new JournalQuery { Status = "failed" }, CancellationToken.None);

        Assert.Equal(["exe_e", "exe_c"], Ids(running));
        Assert.Equal(["exe_b"], Ids(failed));
    }

    [StoreFact]
    public async Task ListAsync_SinceAndUntil_ReturnsStartsInHalfOpenRange()
    {
        var store = await SeedListAsync();

        var listed = await store.ListAsync(
            new JournalQuery { Since = T0.AddMinutes(1), Until = T0.AddMinutes(4) }, CancellationToken.None);

        Assert.Equal(["exe_d", "exe_c", "exe_b"], Ids(listed));
    }

    [StoreFact]
    public async Task ListAsync_CombinedFiltersAndLimit_ReturnsNewestMatchesOnly()
    {
        var store = await SeedListAsync();

        var listed = await store.ListAsync(
            new JournalQuery { Tool = "t1", Status = "completed", Limit = 2 }, CancellationToken.None);

        Assert.Equal(["exe_f", "exe_d"], Ids(listed));
    }

    [StoreFact]
    public async Task ListAsync_Limit_ReturnsThatManyNewestFirst()
    {
        var store = await SeedListAsync();

        var listed = await store.ListAsync(new JournalQuery { Limit = 3 }, CancellationToken.None);
        var all = await store.ListAsync(new JournalQuery(), CancellationToken.None);

        Assert.Equal(["exe_f", "exe_e", "exe_d"], Ids(listed));
        Assert.Equal(["exe_f", "exe_e", "exe_d", "exe_c", "exe_b", "exe_a"], Ids(all));
    }

    [StoreFact]
    public async Task ListAsync_LimitOutOfRange_ThrowsArgumentOutOfRange()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await store.ListAsync(new JournalQuery { Limit = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await store.ListAsync(new JournalQuery { Limit = 1001 }, CancellationToken.None));
    }

    // a t1/A 0' completed · b t2/A 1' failed · c t1/B 2' running · d t1/- 3' completed · e t2/B 4' running · f t1/A 5' completed
    private async Task<IJournalStore> SeedListAsync()
    {
        var store = await StartStoreAsync();
        (string Id, string Tool, string? Agent, string? Status)[] rows =
        [
            ("exe_a", "t1", "A", "completed"),
            ("exe_b", "t2", "A", "failed"),
            ("exe_c", "t1", "B", null),
            ("exe_d", "t1", null, "completed"),
            ("exe_e", "t2", "B", null),
            ("exe_f", "t1", "A", "completed"),
        ];
        for (var minute = 0; minute < rows.Length; minute++)
        {
            var (id, tool, agent, status) = rows[minute];
            await store.OpenAsync(Record(id, tool, agent, minute), CancellationToken.None);
            if (status is not null)
            {
                await store.CloseAsync(Close(id, status), CancellationToken.None);
            }
        }

        return store;
    }

    private static string[] Ids(IReadOnlyList<ExecutionRecord> records) => records.Select(r => r.ExecutionId).ToArray();
}
