using System.Text.Json.Nodes;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Flows;

/// <summary>The run store contract (runs, pages, leases, nodes, stats, cron ticks), run against every backend.</summary>
public abstract partial class RunStoreTests(TestDatabase database) : StoreTests<IRunStore>(database)
{
    private static readonly string[] Terminal =
        [RunStatuses.Succeeded, RunStatuses.Failed, RunStatuses.Timeout, RunStatuses.Canceled];

    protected override IRunStore Create(StorageOptions options) =>
        StoreFactory.CreateRunStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IRunStore store) => store.InitializeAsync(CancellationToken.None);

    private static FlowRun NewRun(string id, int minute = 0, string flowId = "flw_1") => new()
    {
        Id = id,
        FlowId = flowId,
        FlowName = "refund-check",
        Version = 2,
        Environment = RunEnvironments.Production,
        Origin = RunOrigins.Api,
        CreatedAt = T0.AddMinutes(minute),
    };

    private static FlowRun FullRun(string id) => NewRun(id) with
    {
        Status = RunStatuses.Running,
        Inputs = JsonNode.Parse("""{"payment_id":"pay_7","amount":120.5,"count":3,"rush":true,"meta":{"tags":["a"]}}""")!.AsObject(),
        Outputs = JsonNode.Parse("""[1,2.5,"three",null]"""),
        Error = "not yet",
        StartedAt = T0.AddSeconds(1),
        FinishedAt = T0.AddSeconds(2),
        ParentRunId = "run_parent",
        ParentStep = "each#3",
        Tags = ["nightly", "billing"],
        DedupKey = "order-7",
        TimeoutAt = T0.AddMinutes(10),
        WakeAt = T0.AddMinutes(5),
        CancelRequested = true,
        KeyId = "key_1",
        Agent = "agent-a",
        PauseReason = "paused by alice",
        FromRunId = "run_earlier",
        FromStep = "refund",
        ToStep = "notify",
    };

    private static void AssertRun(FlowRun expected, FlowRun? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(expected.Inputs, actual.Inputs), $"inputs: {actual.Inputs?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(expected.Outputs, actual.Outputs), $"outputs: {actual.Outputs?.ToJsonString()}");
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected, actual with { Inputs = expected.Inputs, Outputs = expected.Outputs, Tags = expected.Tags });
    }

    private async Task<IRunStore> StoreWithAsync(params FlowRun[] runs)
    {
        var store = await StartStoreAsync();
        foreach (var run in runs)
        {
            Assert.True((await store.CreateRunAsync(run, CancellationToken.None)).Created);
        }

        return store;
    }

    [StoreFact]
    public async Task CreateRunAsync_FullRun_GetReturnsEveryFieldWithJsonValuesKept()
    {
        var run = FullRun("run_1");
        var store = await StartStoreAsync();

        var (returned, created) = await store.CreateRunAsync(run, CancellationToken.None);

        Assert.True(created);
        AssertRun(run, returned);
        var stored = await store.GetRunAsync("run_1", CancellationToken.None);
        AssertRun(run, stored);
        Assert.Equal(120.5m, stored!.Inputs!["amount"]!.GetValue<decimal>());
        Assert.Equal(3, stored.Inputs["count"]!.GetValue<int>());
        Assert.True(stored.Inputs["rush"]!.GetValue<bool>());
    }

    [StoreFact]
    public async Task CreateRunAsync_MinimalRun_NullsStayNull()
    {
        var store = await StoreWithAsync(NewRun("run_1"));

        var stored = await store.GetRunAsync("run_1", CancellationToken.None);

        AssertRun(NewRun("run_1"), stored);
        Assert.Null(stored!.Inputs);
        Assert.Null(stored.Outputs);
        Assert.Null(stored.StartedAt);
        Assert.Equal(RunStatuses.Pending, stored.Status);
    }

    [StoreFact]
    public async Task CreateRunAsync_DuplicateId_ThrowsInvalidOperation()
    {
        var store = await StoreWithAsync(NewRun("run_1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateRunAsync(NewRun("run_1", flowId: "flw_2"), CancellationToken.None));

        Assert.Contains("run_1", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateRunAsync_DedupKeyUsedForTheFlow_ReturnsTheExistingRunNotCreated()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { DedupKey = "order-7", Agent = "first" });

        var (run, created) = await store.CreateRunAsync(
            NewRun("run_2", 1) with { DedupKey = "order-7", Agent = "second" }, CancellationToken.None);

        Assert.False(created);
        Assert.Equal("run_1", run.Id);
        Assert.Equal("first", run.Agent);
        Assert.Null(await store.GetRunAsync("run_2", CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateRunAsync_SameDedupKeyOtherFlowOrNoKey_CreatesEach()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { DedupKey = "order-7" }, NewRun("run_2"));

        Assert.True((await store.CreateRunAsync(NewRun("run_3", flowId: "flw_2") with { DedupKey = "order-7" }, CancellationToken.None)).Created);
        Assert.True((await store.CreateRunAsync(NewRun("run_4"), CancellationToken.None)).Created);
    }

    [StoreFact]
    public async Task CreateRunAsync_ConcurrentSameDedupKeyOnTwoReplicas_ExactlyOneCreatedAndAllReturnIt()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        for (var round = 0; round < 5; round++)
        {
            var key = $"order-{round}";

            var results = await RaceAsync(Racers, async i => await replicas[i % 2].CreateRunAsync(
                NewRun($"run_{round}_{i}") with { DedupKey = key }, CancellationToken.None));

            var winner = Assert.Single(results, r => r.Created);
            Assert.All(results, r => Assert.Equal(winner.Run.Id, r.Run.Id));
            var page = await replicas[0].ListRunsAsync(new RunQuery { Limit = 500 }, CancellationToken.None);
            Assert.Single(page.Runs, r => r.DedupKey == key);
        }
    }

    [StoreFact]
    public async Task GetRunAsync_Unknown_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetRunAsync("run_none", CancellationToken.None));
    }

    [StoreFact]
    public async Task UpdateRunAsync_ActiveRun_SavesTheMutableFieldsOnly()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Agent = "agent-a", Tags = ["x"] });
        var update = NewRun("run_1") with
        {
            Status = RunStatuses.Succeeded,
            Outputs = JsonNode.Parse("""{"refunded":{"amount":120.5}}"""),
            Error = "none",
            StartedAt = T0.AddSeconds(1),
            FinishedAt = T0.AddSeconds(9),
            TimeoutAt = T0.AddMinutes(10),
            WakeAt = T0.AddMinutes(3),
            FlowName = "renamed",
            Agent = "agent-b",
            Tags = ["y"],
        };

        Assert.True(await store.UpdateRunAsync(update, CancellationToken.None));

        AssertRun(update with { FlowName = "refund-check", Agent = "agent-a", Tags = ["x"] },
            await store.GetRunAsync("run_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task UpdateRunAsync_TerminalRun_ReturnsFalseAndChangesNothing()
    {
        var store = await StartStoreAsync();
        foreach (var status in Terminal)
        {
            var run = NewRun("run_" + status) with { Status = status, Error = "final" };
            await store.CreateRunAsync(run, CancellationToken.None);

            Assert.False(await store.UpdateRunAsync(run with { Status = RunStatuses.Running, Error = null }, CancellationToken.None));

            AssertRun(run, await store.GetRunAsync(run.Id, CancellationToken.None));
        }
    }

    [StoreFact]
    public async Task UpdateRunAsync_Unknown_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.UpdateRunAsync(NewRun("run_none"), CancellationToken.None));
    }

    [StoreFact]
    public async Task RequestCancelAsync_ActiveRun_SetsTheFlag()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Paused });

        Assert.True(await store.RequestCancelAsync("run_1", CancellationToken.None));

        Assert.True((await store.GetRunAsync("run_1", CancellationToken.None))!.CancelRequested);
    }

    [StoreFact]
    public async Task RequestCancelAsync_TerminalOrUnknownRun_ReturnsFalse()
    {
        var store = await StoreWithAsync(NewRun("run_1") with { Status = RunStatuses.Succeeded });

        Assert.False(await store.RequestCancelAsync("run_1", CancellationToken.None));
        Assert.False(await store.RequestCancelAsync("run_none", CancellationToken.None));

        Assert.False((await store.GetRunAsync("run_1", CancellationToken.None))!.CancelRequested);
    }
}
