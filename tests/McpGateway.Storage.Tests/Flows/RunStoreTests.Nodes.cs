using System.Text.Json.Nodes;
using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class RunStoreTests
{
    private static NodeExecution NewNode(string runId, string stepKey, int iteration = 0, DateTimeOffset? startedAt = null) => new()
    {
        RunId = runId,
        StepKey = stepKey,
        Iteration = iteration,
        StartedAt = startedAt,
    };

    private static void AssertNode(NodeExecution expected, NodeExecution actual)
    {
        Assert.True(JsonNode.DeepEquals(expected.Input, actual.Input), $"input: {actual.Input?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(expected.Output, actual.Output), $"output: {actual.Output?.ToJsonString()}");
        Assert.Equal(expected, actual with { Input = expected.Input, Output = expected.Output });
    }

    [StoreFact]
    public async Task SaveNodeAsync_NewNode_ListReturnsEveryField()
    {
        var store = await StartStoreAsync();
        var node = NewNode("run_1", "refund", 2, T0) with
        {
            Status = NodeStatuses.Paused,
            Input = JsonNode.Parse("""{"amount":120.5,"payment_id":"pay_7","items":[1,2]}"""),
            Output = JsonValue.Create(42),
            Attempts = 3,
            FinishedAt = T0.AddSeconds(3),
            Error = "held",
            ExecutionId = "exe_1",
            ApprovalId = "appr_1",
            ChildRunId = "run_child",
            WakeAt = T0.AddMinutes(5),
            CopiedFrom = "run_earlier",
        };

        await store.SaveNodeAsync(node, CancellationToken.None);

        AssertNode(node, Assert.Single(await store.ListNodesAsync("run_1", CancellationToken.None)));
    }

    [StoreFact]
    public async Task SaveNodeAsync_SameRunStepAndIteration_ReplacesTheNode()
    {
        var store = await StartStoreAsync();
        await store.SaveNodeAsync(NewNode("run_1", "refund", 0, T0) with
        {
            Status = NodeStatuses.Running,
            Attempts = 1,
            ApprovalId = "appr_1",
            WakeAt = T0,
        }, CancellationToken.None);
        var done = NewNode("run_1", "refund", 0, T0) with
        {
            Status = NodeStatuses.Succeeded,
            Output = JsonNode.Parse("""{"ok":true}"""),
            Attempts = 2,
            FinishedAt = T0.AddSeconds(1),
        };

        await store.SaveNodeAsync(done, CancellationToken.None);

        AssertNode(done, Assert.Single(await store.ListNodesAsync("run_1", CancellationToken.None)));
    }

    [StoreFact]
    public async Task ListNodesAsync_SeveralNodes_OrdersByStartThenStepKeyThenIterationWithUnstartedLast()
    {
        var store = await StartStoreAsync();
        NodeExecution[] nodes =
        [
            NewNode("run_1", "z-late", 0),
            NewNode("run_1", "loop", 2, T0.AddSeconds(1)),
            NewNode("run_1", "a-late", 0),
            NewNode("run_1", "loop", 1, T0.AddSeconds(1)),
            NewNode("run_1", "first", 0, T0),
            NewNode("run_1", "loop", 0, T0.AddSeconds(1)),
            NewNode("run_1", "after", 0, T0.AddSeconds(2)),
            NewNode("run_2", "other", 0, T0),
        ];
        foreach (var node in nodes)
        {
            await store.SaveNodeAsync(node, CancellationToken.None);
        }

        var listed = await store.ListNodesAsync("run_1", CancellationToken.None);

        Assert.Equal(["first#0", "loop#0", "loop#1", "loop#2", "after#0", "a-late#0", "z-late#0"],
            listed.Select(n => $"{n.StepKey}#{n.Iteration}"));
    }

    [StoreFact]
    public async Task FindNodesByApprovalAsync_PausedNodesWaiting_ReturnsOnlyThem()
    {
        var store = await StartStoreAsync();
        await store.SaveNodeAsync(NewNode("run_1", "approve") with { Status = NodeStatuses.Paused, ApprovalId = "appr_1" }, CancellationToken.None);
        await store.SaveNodeAsync(NewNode("run_2", "charge", 3) with { Status = NodeStatuses.Paused, ApprovalId = "appr_1" }, CancellationToken.None);
        await store.SaveNodeAsync(NewNode("run_3", "approve") with { Status = NodeStatuses.Succeeded, ApprovalId = "appr_1" }, CancellationToken.None);
        await store.SaveNodeAsync(NewNode("run_4", "approve") with { Status = NodeStatuses.Paused, ApprovalId = "appr_2" }, CancellationToken.None);

        var waiting = await store.FindNodesByApprovalAsync("appr_1", CancellationToken.None);

        Assert.Equal(["run_1/approve", "run_2/charge"], waiting.Select(n => $"{n.RunId}/{n.StepKey}"));
        Assert.Empty(await store.FindNodesByApprovalAsync("appr_none", CancellationToken.None));
    }
}
