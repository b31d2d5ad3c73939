using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Tests.Execution;

public sealed class FlowEngineDurabilityTests : IAsyncLifetime
{
    private readonly FlowHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ApprovalStep_Approved_PausesThenContinues()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"ok","type":"approval","message":"Refund {{ inputs.id }}?","expires_in":"1h"},{"key":"pay","type":"tool","tool":"demo__charge"}],"output":"{{ steps.ok.output }}"}""");

        var paused = await _h.RunAsync("t", """{"id":"p1"}""");
        var approval = Assert.Single(_h.ApprovalStore.Records);
        var node = await _h.NodeAsync(paused.Id, "ok");
        await _h.Approvals.ApproveAsync(approval.Id, "alice", null, CancellationToken.None);
        var done = await _h.WaitForStatusAsync(paused.Id, RunStatuses.Succeeded);

        Assert.Equal(RunStatuses.Paused, paused.Status);
        Assert.Equal((NodeStatuses.Paused, approval.Id), (node.Status, node.ApprovalId));
        Assert.Equal((ApprovalKinds.FlowConnector, "flow__t"), (approval.Connector, approval.Tool));
        Assert.Equal("Refund p1?", JsonNode.Parse(approval.ArgumentsJson)!["message"]!.GetValue<string>());
        Assert.Equal(FlowHarness.Start.AddHours(1), approval.ExpiresAt);
        Assert.Equal("""{"approved":true,"by":"alice"}""", done.Outputs!.ToJsonString());
        Assert.Equal(1, _h.Tools.EffectsOf("demo__charge"));
    }

    [Fact]
    public async Task ApprovalStep_Rejected_RunFailedNamingTheDecision()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"ok","type":"approval"},{"key":"pay","type":"tool","tool":"demo__charge"}]}""");

        var paused = await _h.RunAsync("t");
        await _h.Approvals.RejectAsync(Assert.Single(_h.ApprovalStore.Records).Id, "bob", "no", CancellationToken.None);
        var done = await _h.WaitForAsync(paused.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Failed, done.Status);
        Assert.Contains("was rejected", done.Error, StringComparison.Ordinal);
        Assert.Equal(0, _h.Tools.EffectsOf("demo__charge"));
    }

    [Fact]
    public async Task ToolPendingApproval_ApprovedElsewhere_ResumesByReplayWithTheSameKey()
    {
        _h.NewEngine();
        _h.Tools.On("demo__refund", call =>
        {
            _h.ApprovalStore.CreateAsync(new ApprovalRecord
            {
                Id = "appr_tool", Tool = call.Tool, Connector = "demo", ArgumentsJson = "{}", ExecutionId = "exe_1", CreatedAt = FlowHarness.Start,
                IdempotencyKey = call.IdempotencyKey,
            }, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return new FlowToolResult(FlowToolResultKind.PendingApproval, ApprovalId: "appr_tool");
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"refund","type":"tool","tool":"demo__refund"}],"output":"{{ steps.refund.output }}"}""");

        var paused = await _h.RunAsync("t");
        var key = $"run:{paused.Id}:refund:0";
        _h.Tools.Complete(key, new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("refunded")));
        _h.ApprovalStore.Set("appr_tool", ApprovalStatuses.Executed);
        _h.Engine.OnApprovalDecided((await _h.ApprovalStore.GetAsync("appr_tool", CancellationToken.None))!);
        var done = await _h.WaitForStatusAsync(paused.Id, RunStatuses.Succeeded);

        Assert.Equal(RunStatuses.Paused, paused.Status);
        Assert.Equal("refunded", done.Outputs!.GetValue<string>());
        Assert.Equal([key, key], _h.Tools.KeysFor("demo__refund"));
        Assert.Equal(1, _h.Tools.EffectsOf("demo__refund"));
    }

    [Fact]
    public async Task Delay_Durable_PausedWithWakeAndResumedWhenTheClockPasses()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"wait","type":"delay","duration":"5m"},{"key":"after","type":"transform","value":1}]}""");

        var paused = await _h.RunAsync("t");
        _h.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));
        await _h.PollOnceAsync();
        await _h.PollOnceAsync();
        var stillPaused = (await _h.Runs.GetRunAsync(paused.Id, CancellationToken.None))!;
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var done = await _h.WaitForStatusAsync(paused.Id, RunStatuses.Succeeded);

        Assert.Equal((RunStatuses.Paused, FlowHarness.Start.AddMinutes(5)), (paused.Status, paused.WakeAt));
        Assert.Equal(RunStatuses.Paused, stillPaused.Status);
        Assert.Equal(NodeStatuses.Succeeded, (await _h.NodeAsync(done.Id, "after")).Status);
    }

    [Fact]
    public async Task CancelAsync_ExecutingRun_CanceledAndRunningNodeFailed()
    {
        _h.NewEngine();
        var entered = new TaskCompletionSource();
        _h.Tools.OnAsync("demo__block", async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new FlowToolResult(FlowToolResultKind.Succeeded);
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"b","type":"tool","tool":"demo__block"}]}""");

        var run = await _h.StartAsync("t");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var cancel = await _h.Engine.CancelAsync(run.Id, CancellationToken.None);
        var done = await _h.WaitForStatusAsync(run.Id, RunStatuses.Canceled);
        var again = await _h.Engine.CancelAsync(run.Id, CancellationToken.None);

        Assert.True(cancel.Ok);
        Assert.Equal((NodeStatuses.Failed, "canceled"), ((await _h.NodeAsync(done.Id, "b")).Status, (await _h.NodeAsync(done.Id, "b")).Error));
        Assert.Equal(FlowErrorCodes.Conflict, again.Error!.Code);
    }

    [Fact]
    public async Task CancelAsync_PausedRun_Canceled()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"wait","type":"delay","duration":"1h"}]}""");

        var paused = await _h.RunAsync("t");
        await _h.Engine.CancelAsync(paused.Id, CancellationToken.None);

        Assert.Equal(RunStatuses.Canceled, (await _h.WaitForStatusAsync(paused.Id, RunStatuses.Canceled)).Status);
    }

    [Fact]
    public async Task RetryAsync_FromFailed_SucceededNodesKeptAndTheirEffectsNotRepeated()
    {
        _h.NewEngine();
        var failNext = true;
        _h.Tools.On("demo__second", _ => failNext ? new FlowToolResult(FlowToolResultKind.Failed, Error: "down") : new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(2)));
        await _h.PublishAsync("t", """{"steps":[{"key":"one","type":"tool","tool":"demo__first"},{"key":"two","type":"tool","tool":"demo__second"}]}""");
        var failed = await _h.RunAsync("t");

        failNext = false;
        var retried = await _h.Engine.RetryAsync(failed.Id, RetryMode.FromFailed, null, null, CancellationToken.None);
        var done = await _h.WaitForStatusAsync(failed.Id, RunStatuses.Succeeded);

        Assert.Equal(RunStatuses.Failed, failed.Status);
        Assert.Equal(failed.Id, retried.Run!.Id);
        Assert.Equal(1, _h.Tools.EffectsOf("demo__first"));
        Assert.Equal([$"run:{done.Id}:two:0", $"run:{done.Id}:two:0:2"], _h.Tools.KeysFor("demo__second"));
    }

    [Fact]
    public async Task RetryAsync_LatestVersion_NewRunWithSameInputs()
    {
        _h.NewEngine();
        _h.Tools.On("demo__bad", _ => new FlowToolResult(FlowToolResultKind.Failed, Error: "x"));
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"tool","tool":"demo__bad"}]}""");
        var failed = await _h.RunAsync("t", """{"n":1}""");
        await _h.Service.SaveVersionAsync("t", FlowHarness.Json("""{"steps":[{"key":"a","type":"transform","value":"{{ inputs.n }}"}],"output":"{{ steps.a.output }}"}"""), null, null, CancellationToken.None);

        var retried = await _h.Engine.RetryAsync(failed.Id, RetryMode.LatestVersion, null, null, CancellationToken.None);
        var done = await _h.WaitForStatusAsync(retried.Run!.Id, RunStatuses.Succeeded);

        Assert.NotEqual(failed.Id, done.Id);
        Assert.Equal((2, "1"), (done.Version, done.Outputs!.ToJsonString()));
    }

    [Fact]
    public async Task RetryAsync_Running_Conflict()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"wait","type":"delay","duration":"1h"}]}""");
        var paused = await _h.RunAsync("t");

        Assert.Equal(FlowErrorCodes.Conflict, (await _h.Engine.RetryAsync(paused.Id, RetryMode.FromFailed, null, null, CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task VersionPinning_NewVersionPublishedWhilePaused_RunFinishesOnItsVersion()
    {
        _h.NewEngine();
        await _h.PublishAsync("t", """{"steps":[{"key":"w","type":"delay","duration":"1m"},{"key":"v","type":"transform","value":"one"}],"output":"{{ steps.v.output }}"}""");
        var paused = await _h.RunAsync("t");

        await _h.Service.SaveVersionAsync("t", FlowHarness.Json("""{"steps":[{"key":"w","type":"delay","duration":"1m"},{"key":"v","type":"transform","value":"two"}],"output":"{{ steps.v.output }}"}"""), null, null, CancellationToken.None);
        await _h.Service.ApplyAsync("t", new FlowOperation { Type = "publish" }, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var done = await _h.WaitForStatusAsync(paused.Id, RunStatuses.Succeeded);

        Assert.Equal("one", done.Outputs!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_AfterCrash_CommittedNodesNotRedoneAndRunningToolReinvokedWithSameKey()
    {
        var flow = await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"tool","tool":"demo__a"},{"key":"b","type":"tool","tool":"demo__b","args":{"x":1}},{"key":"c","type":"tool","tool":"demo__c"}]}""");
        var run = new FlowRun
        {
            Id = "run_crashed", FlowId = flow.Id, FlowName = "t", Version = 1, Environment = RunEnvironments.Production, Origin = RunOrigins.Api,
            Status = RunStatuses.Running, CreatedAt = FlowHarness.Start, StartedAt = FlowHarness.Start, Inputs = [],
        };
        await _h.Runs.CreateRunAsync(run, CancellationToken.None);
        await _h.Runs.TryClaimAsync(run.Id, "dead-replica", FlowHarness.Start.AddSeconds(30), FlowHarness.Start, CancellationToken.None);
        await _h.Runs.SaveNodeAsync(new NodeExecution { RunId = run.Id, StepKey = "a", Status = NodeStatuses.Succeeded, Output = JsonValue.Create("A"), Attempts = 1 }, CancellationToken.None);
        await _h.Runs.SaveNodeAsync(new NodeExecution { RunId = run.Id, StepKey = "b", Status = NodeStatuses.Running, Input = new JsonObject { ["x"] = 1 }, Attempts = 1 }, CancellationToken.None);

        _h.Time.Advance(TimeSpan.FromMinutes(1)); // the dead replica's lease lapses
        _h.NewEngine(instance: "engine-2");
        var done = await _h.WaitForStatusAsync(run.Id, RunStatuses.Succeeded);

        Assert.Equal(0, _h.Tools.EffectsOf("demo__a"));
        Assert.Equal([$"run:{run.Id}:b:0"], _h.Tools.KeysFor("demo__b"));
        Assert.Equal(1, _h.Tools.EffectsOf("demo__c"));
        Assert.Equal("A", (await _h.NodeAsync(done.Id, "a")).Output!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_LoopAfterCrash_OnlyUnfinishedIterationsRedone()
    {
        var flow = await _h.PublishAsync("t", """{"steps":[{"key":"l","type":"loop","items":"{{ inputs.items }}","do":{"type":"tool","tool":"demo__w","args":{"i":"{{ loop.item }}"}}}],"output":"{{ steps.l.output }}"}""");
        var run = new FlowRun
        {
            Id = "run_loop", FlowId = flow.Id, FlowName = "t", Version = 1, Environment = RunEnvironments.Production, Origin = RunOrigins.Api,
            Status = RunStatuses.Running, CreatedAt = FlowHarness.Start, Inputs = FlowHarness.Json("""{"items":[1,2,3]}"""),
        };
        await _h.Runs.CreateRunAsync(run, CancellationToken.None);
        await _h.Runs.SaveNodeAsync(new NodeExecution { RunId = run.Id, StepKey = "l", Status = NodeStatuses.Running, Input = new JsonArray(1, 2, 3) }, CancellationToken.None);
        await _h.Runs.SaveNodeAsync(new NodeExecution { RunId = run.Id, StepKey = "l", Iteration = 1, Status = NodeStatuses.Succeeded, Output = JsonValue.Create("one") }, CancellationToken.None);

        _h.NewEngine();
        var done = await _h.WaitForStatusAsync(run.Id, RunStatuses.Succeeded);

        Assert.Equal([$"run:{run.Id}:l:2", $"run:{run.Id}:l:3"], _h.Tools.KeysFor("demo__w").Order(StringComparer.Ordinal));
        Assert.Equal("one", done.Outputs![0]!.GetValue<string>());
        Assert.Equal(3, done.Outputs.AsArray().Count);
    }

    [Fact]
    public async Task StopAsync_PastGrace_RunStaysRunningAndNextEngineFinishesIt()
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        _h.Tools.OnAsync("demo__block", async (_, ct) =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(ct);
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(1));
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"b","type":"tool","tool":"demo__block"}]}""");
        var first = _h.NewEngine();
        var run = await _h.StartAsync("t");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await _h.DriveAsync(first.StopAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None)); // the grace is on the fake clock
        var stopped = (await _h.Runs.GetRunAsync(run.Id, CancellationToken.None))!;
        release.TrySetResult();
        _h.NewEngine(instance: "engine-2");
        var done = await _h.WaitForStatusAsync(run.Id, RunStatuses.Succeeded);

        Assert.Equal(RunStatuses.Running, stopped.Status);
        Assert.Equal(NodeStatuses.Succeeded, (await _h.NodeAsync(done.Id, "b")).Status);
        Assert.All(_h.Tools.KeysFor("demo__block"), k => Assert.Equal($"run:{run.Id}:b:0", k));
    }

    [Fact]
    public async Task ManyRuns_BoundedWorkers_AllFinishWithinTheLimit()
    {
        _h.NewEngine(maxConcurrentRuns: 4);
        _h.Tools.OnAsync("demo__work", async (_, ct) =>
        {
            await Task.Delay(2, ct);
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(1));
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"w","type":"tool","tool":"demo__work"},{"key":"x","type":"transform","value":1}]}""");

        var runs = new List<FlowRun>();
        for (var i = 0; i < 200; i++)
        {
            runs.Add(await _h.StartAsync("t"));
        }

        foreach (var run in runs)
        {
            await _h.WaitForStatusAsync(run.Id, RunStatuses.Succeeded, 60);
        }

        Assert.Equal(200, _h.Tools.EffectsOf("demo__work"));
        Assert.InRange(_h.Tools.MaxInFlight, 1, 4);
        Assert.InRange(_h.Runs.MaxConcurrentClaims, 1, 4);
    }
}
