using System.Buffers.Text;
using System.Text;
using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    // 30 runs that vary on every filtered field; some share a creation time so the id breaks the tie.
    private static FlowRun[] Varied() => Enumerable.Range(0, 30).Select(i => NewRun($"run_{i:D2}", i / 3, $"flw_{i % 3}") with
    {
        Status = RunStatuses.All[i % RunStatuses.All.Count],
        Origin = RunOrigins.All[i % RunOrigins.All.Count],
        Environment = i % 4 == 0 ? RunEnvironments.Testing : RunEnvironments.Production,
        ParentRunId = i % 5 == 0 ? "run_parent" : null,
    }).ToArray();

    private static IEnumerable<FlowRun> NewestFirst(IEnumerable<FlowRun> runs) =>
        runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);

    private static async Task<List<FlowRun>> ReadAllPagesAsync(IRunStore store, RunQuery query, int expectedPages)
    {
        var runs = new List<FlowRun>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await store.ListRunsAsync(query with { Cursor = cursor }, CancellationToken.None);
            Assert.InRange(page.Runs.Count, 1, query.Limit);
            runs.AddRange(page.Runs);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(expectedPages, pages);
        return runs;
    }

    [StoreFact]
    public async Task ListRunsAsync_NoFilter_ReturnsNewestFirstWithIdBreakingTies()
    {
        var store = await StoreWithAsync(NewRun("run_a", 1), NewRun("run_c", 1), NewRun("run_b", 2), NewRun("run_d", 0));

        var page = await store.ListRunsAsync(new RunQuery(), CancellationToken.None);

        Assert.Equal(["run_b", "run_c", "run_a", "run_d"], page.Runs.Select(r => r.Id));
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task ListRunsAsync_SeveralPages_ReturnsEveryRunOnceInOrder()
    {
        var runs = Varied();
        var store = await StoreWithAsync(runs);

        var listed = await ReadAllPagesAsync(store, new RunQuery { Limit = 4 }, expectedPages: 8);

        Assert.Equal(NewestFirst(runs).Select(r => r.Id), listed.Select(r => r.Id));
    }

    [StoreFact]
    public async Task ListRunsAsync_EachFilterOverSeveralPages_ReturnsOnlyMatchingRunsInOrder()
    {
        var runs = Varied();
        var store = await StoreWithAsync(runs);
        var cases = new (RunQuery Query, Func<FlowRun, bool> Matches)[]
        {
            (new RunQuery { FlowId = "flw_1" }, r => r.FlowId == "flw_1"),
            (new RunQuery { Status = RunStatuses.Failed }, r => r.Status == RunStatuses.Failed),
            (new RunQuery { Origin = RunOrigins.Cron }, r => r.Origin == RunOrigins.Cron),
            (new RunQuery { Environment = RunEnvironments.Testing }, r => r.Environment == RunEnvironments.Testing),
            (new RunQuery { From = T0.AddMinutes(4) }, r => r.CreatedAt >= T0.AddMinutes(4)),
            (new RunQuery { To = T0.AddMinutes(4) }, r => r.CreatedAt < T0.AddMinutes(4)),
            (new RunQuery { ParentRunId = "run_parent" }, r => r.ParentRunId == "run_parent"),
            (new RunQuery { FlowId = "flw_0", Environment = RunEnvironments.Production, From = T0.AddMinutes(1), To = T0.AddMinutes(9) },
                r => r.FlowId == "flw_0" && r.Environment == RunEnvironments.Production &&
                     r.CreatedAt >= T0.AddMinutes(1) && r.CreatedAt < T0.AddMinutes(9)),
        };

        foreach (var (query, matches) in cases)
        {
            var expected = NewestFirst(runs.Where(matches)).Select(r => r.Id).ToArray();
            Assert.True(expected.Length > 2, $"the data gives {query} too few runs to page");

            var listed = await ReadAllPagesAsync(store, query with { Limit = 2 }, (expected.Length + 1) / 2);

            Assert.Equal(expected, listed.Select(r => r.Id));
        }
    }

    [StoreFact]
    public async Task ListRunsAsync_NoMatch_ReturnsAnEmptyLastPage()
    {
        var store = await StoreWithAsync(NewRun("run_1"));

        var page = await store.ListRunsAsync(new RunQuery { FlowId = "flw_none" }, CancellationToken.None);

        Assert.Empty(page.Runs);
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task ListRunsAsync_RunAddedBetweenPages_NextPageNeitherRepeatsNorSkips()
    {
        var store = await StoreWithAsync(NewRun("run_1", 1), NewRun("run_2", 2), NewRun("run_3", 3));
        var first = await store.ListRunsAsync(new RunQuery { Limit = 2 }, CancellationToken.None);

        await store.CreateRunAsync(NewRun("run_4", 4), CancellationToken.None);
        var second = await store.ListRunsAsync(new RunQuery { Limit = 2, Cursor = first.NextCursor }, CancellationToken.None);

        Assert.Equal(["run_3", "run_2"], first.Runs.Select(r => r.Id));
        Assert.Equal(["run_1"], second.Runs.Select(r => r.Id));
        Assert.Null(second.NextCursor);
    }

    [StoreFact]
    public async Task ListRunsAsync_LimitOutOfRange_IsClampedToOneAndFiveHundred()
    {
        var store = await StoreWithAsync(NewRun("run_1", 1), NewRun("run_2", 2));

        var tiny = await store.ListRunsAsync(new RunQuery { Limit = 0 }, CancellationToken.None);
        var huge = await store.ListRunsAsync(new RunQuery { Limit = 100_000 }, CancellationToken.None);

        Assert.Equal(["run_2"], tiny.Runs.Select(r => r.Id));
        Assert.NotNull(tiny.NextCursor);
        Assert.Equal(2, huge.Runs.Count);
        Assert.Null(huge.NextCursor);
    }

    [StoreFact]
    public async Task ListRunsAsync_MalformedCursor_ThrowsArgumentException()
    {
        var store = await StoreWithAsync(NewRun("run_1"));
        static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
        string[] cursors = ["not a cursor!", "%%%", Encode("abc"), Encode("123"), Encode(".run_1"), Encode("-5.run_1"),
            Encode("12."), Encode("99999999999999999999999.run_1")];

        foreach (var cursor in cursors)
        {
            await Assert.ThrowsAsync<ArgumentException>(async () =>
                await store.ListRunsAsync(new RunQuery { Cursor = cursor }, CancellationToken.None));
        }
    }
}
