using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Tests.Journal;

public abstract partial class JournalStoreTests
{
    [StoreFact]
    public async Task ListAsync_BeforeTheLastRowOfAPage_ReturnsTheRestNewestFirst()
    {
        var store = await SeedListAsync();
        var all = await store.ListAsync(new JournalQuery(), CancellationToken.None);

        var first = await store.ListAsync(new JournalQuery { Limit = 2 }, CancellationToken.None);
        var rest = await store.ListAsync(new JournalQuery { Before = (first[^1].StartedAt, first[^1].ExecutionId) }, CancellationToken.None);

        Assert.Equal(Ids(all), Ids(first).Concat(Ids(rest)));
    }

    [StoreFact]
    public async Task ListAsync_PagesOfOneAmongEqualStartTimes_EachRecordOnceByIdDescending()
    {
        var store = await StartStoreAsync();
        foreach (var id in (string[])["exe_a", "exe_c", "exe_b"])
        {
            await store.OpenAsync(Record(id, minute: 7), CancellationToken.None);
        }

        var seen = new List<string>();
        (DateTimeOffset, string)? before = null;
        while (true)
        {
            var page = await store.ListAsync(new JournalQuery { Limit = 1, Before = before }, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            seen.Add(page[0].ExecutionId);
            before = (page[0].StartedAt, page[0].ExecutionId);
        }

        Assert.Equal(["exe_c", "exe_b", "exe_a"], seen);
    }
}
