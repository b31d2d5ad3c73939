using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Tests.Execution;

public sealed class FlowEngineScaleOutTests : IAsyncLifetime
{
    private readonly FlowHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SubFlows_OneWorker_ParentDoesNotHoldTheWorkerWhileTheChildRuns()
    {
        _h.NewEngine(maxConcurrentRuns: 1);
        await _h.PublishAsync("child", """{"steps":[{"key":"x","type":"tool","tool":"demo__echo","args":{"i":"{{ inputs.i }}"}}],"output":"{{ steps.x.output.args.i }}"}""");
        await _h.PublishAsync("parent", """{"steps":[{"key":"each","type":"loop","items":[1,2,3],"concurrency":3,"do":{"type":"flow","flow":"child","inputs":{"i":"{{ loop.item }}"}}}],"output":"{{ steps.each.output }}"}""");

        var run = await _h.StartAsync("parent");
        var done = await _h.WaitForAsync(run.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Succeeded, done.Status);
        Assert.Equal("[1,2,3]", done.Outputs!.ToJsonString());
        Assert.Equal(["each#1", "each#2", "each#3"], _h.Runs.All().Where(r => r.ParentRunId == run.Id).Select(r => r.ParentStep!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CancelAsync_ParentWaitingOnChild_ChildCanceledToo()
    {
        _h.NewEngine();
        await _h.PublishAsync("child", """{"steps":[{"key":"w","type":"delay","duration":"1h"}]}""");
        await _h.PublishAsync("parent", """{"steps":[{"key":"sub","type":"flow","flow":"child"}]}""");
        var run = await _h.StartAsync("parent");
        await _h.WaitForStatusAsync(run.Id, RunStatuses.Paused);
        var child = await _h.WaitForAsync((await _h.NodeAsync(run.Id, "sub")).ChildRunId!, r => r.Status == RunStatuses.Paused);

        await _h.Engine.CancelAsync(run.Id, CancellationToken.None);

        await _h.WaitForStatusAsync(run.Id, RunStatuses.Canceled);
        await _h.WaitForStatusAsync(child.Id, RunStatuses.Canceled);
    }

    [Fact]
    public async Task TwoReplicas_SharedStore_EachRunExecutedOnce()
    {
        _h.NewEngine(maxConcurrentRuns: 3, instance: "replica-a");
        var other = _h.NewEngine(maxConcurrentRuns: 3, instance: "replica-b");
        _h.Tools.OnAsync("demo__work", async (call, ct) =>
        {
            await Task.Delay(1, ct);
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(call.Run.Id));
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"w","type":"tool","tool":"demo__work"}]}""");

        var runs = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var engine = i % 2 == 0 ? _h.Engine : other;
            runs.Add((await engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api }, CancellationToken.None)).Run!.Id);
        }

        foreach (var id in runs)
        {
            await _h.WaitForStatusAsync(id, RunStatuses.Succeeded);
        }

        Assert.Equal(40, _h.Tools.EffectsOf("demo__work"));
        Assert.Equal(40, _h.Tools.Effects.Select(c => c.Run.Id).Distinct().Count());
    }

    [Fact]
    public async Task LeaseTakenOverMidStep_OldOwnerWritesNothingMore_RunFinishesWithOneEffect()
    {
        _h.NewEngine(instance: "replica-a");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Tools.OnAsync("demo__slow", async (call, ct) =>
        {
            entered.TrySetResult();
            await gate.Task;
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("charged"));
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"s","type":"tool","tool":"demo__slow"},{"key":"after","type":"transform","value":{"x":1}}]}""");
        var run = await _h.StartAsync("t");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // replica-a stalls past its lease (a long GC pause, a partition) and replica-b claims the run.
        Assert.True(await _h.Runs.TryClaimAsync(run.Id, "replica-b", FlowHarness.Start.AddDays(2), FlowHarness.Start.AddDays(1), CancellationToken.None));
        gate.SetResult();
        await WaitUntilAsync(() => _h.Runs.RefusedWrites > 0);

        var stored = await _h.Runs.GetRunAsync(run.Id, CancellationToken.None);
        Assert.Equal(RunStatuses.Running, stored!.Status);
        Assert.NotEqual(NodeStatuses.Succeeded, (await _h.NodeAsync(run.Id, "s")).Status); // replica-a's result was refused
        Assert.DoesNotContain(await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None), n => n.StepKey == "after");

        // The new owner lets go (as if it stopped too); the run resumes and replays the tool call by its key.
        await _h.Runs.ReleaseAsync(run.Id, "replica-b", CancellationToken.None);
        await _h.PollOnceAsync();
        var done = await _h.WaitForStatusAsync(run.Id, RunStatuses.Succeeded);

        Assert.Equal(RunStatuses.Succeeded, done.Status);
        Assert.Equal(1, _h.Tools.EffectsOf("demo__slow"));
        Assert.Equal("charged", (await _h.NodeAsync(run.Id, "s")).Output!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovalStep_Expired_NodeFailedAndApprovalCancelled()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"ok","type":"approval","expires_in":"10m"}]}""");
        var paused = await _h.RunAsync("t");
        Assert.Equal(FlowHarness.Start.AddSeconds(30), paused.WakeAt); // the recheck interval comes before the expiry

        _h.Time.Advance(TimeSpan.FromMinutes(11));
        var done = await _h.WaitForAsync(paused.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Failed, done.Status);
        Assert.Contains("was cancelled", done.Error, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatuses.Cancelled, Assert.Single(_h.ApprovalStore.Records).Status);
    }

    [Fact]
    public async Task ApprovalStep_ClaimLeftByAStoppedApprover_FinishedAfterAMinuteAndRunContinues()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"ok","type":"approval"},{"key":"after","type":"transform","value":1}]}""");
        var paused = await _h.RunAsync("t");
        var approval = Assert.Single(_h.ApprovalStore.Records);

        // The approver's gateway claimed the approval, then stopped before finishing it.
        Assert.True(await _h.ApprovalStore.TryClaimAsync(approval.Id, "alice", "gw-1", _h.Time.GetUtcNow(), CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromSeconds(31));
        var rechecked = await _h.WaitForAsync(paused.Id, r => r.WakeAt > FlowHarness.Start.AddSeconds(31));
        Assert.Equal(RunStatuses.Paused, rechecked.Status);

        _h.Time.Advance(TimeSpan.FromSeconds(31));
        var done = await _h.WaitForAsync(paused.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Succeeded, done.Status);
        Assert.Equal(ApprovalStatuses.Executed, Assert.Single(_h.ApprovalStore.Records).Status);
    }

    [Fact]
    public async Task ToolStep_TimeoutWithUnknownOutcome_FailedWithoutARetryUnderANewKey()
    {
        _h.NewEngine();
        _h.Tools.On("demo__hang", _ => new FlowToolResult(FlowToolResultKind.Unknown, Error: "in flight"));
        await _h.PublishAsync("t", """{"steps":[{"key":"h","type":"tool","tool":"demo__hang","timeout":"300ms","retry":{"attempts":3,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Contains("outcome unknown", run.Error, StringComparison.Ordinal);
        Assert.All(_h.Tools.KeysFor("demo__hang"), k => Assert.Equal($"run:{run.Id}:h:0", k));
    }

    [Fact]
    public async Task WaitAsync_RunOnAnotherReplica_ReturnsByPollingTheStore()
    {
        _h.NewEngine(instance: "replica-a");
        var idle = _h.NewEngine(instance: "replica-b");
        await idle.StopAsync(TimeSpan.Zero, CancellationToken.None);
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"transform","value":1}]}""");

        var started = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = await _h.DriveAsync(idle.WaitAsync(started.Run!.Id, timeout.Token));

        Assert.Equal(RunStatuses.Succeeded, run.Status);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition never held.");
            await Task.Delay(10);
        }
    }
}
