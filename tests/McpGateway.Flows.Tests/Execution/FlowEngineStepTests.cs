using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Execution;

public sealed class FlowEngineStepTests : IAsyncLifetime
{
    private readonly FlowHarness _h = new();

    public Task InitializeAsync()
    {
        _h.NewEngine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task WaitAsync_TransformsInListedOrder_SucceededWithOutput()
    {
        await _h.PublishAsync("calc", """
            {"steps":[{"key":"a","type":"transform","value":"{{ inputs.n }}"},{"key":"b","type":"transform","value":{"double":"{{ steps.a.output }}","text":"n={{ steps.a.output }}"}}],
             "output":{"b":"{{ steps.b.output }}","run":"{{ run.flow }}"}}
            """);

        var run = await _h.RunAsync("calc", """{"n":21}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("""{"b":{"double":21,"text":"n=21"},"run":"calc"}""", run.Outputs!.ToJsonString());
        Assert.StartsWith("run_", run.Id, StringComparison.Ordinal);
        Assert.Equal(RunEnvironments.Production, run.Environment);
    }

    [Fact]
    public async Task ToolStep_RenderedArgs_CalledWithRunKeyAndOutputCommitted()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"call","type":"tool","tool":"demo__echo","args":{"id":"{{ inputs.id }}","n":3}}],"output":"{{ steps.call.output.args }}"}""");

        var run = await _h.RunAsync("t", """{"id":"p1"}""");

        var call = Assert.Single(_h.Tools.Calls);
        Assert.Equal($"run:{run.Id}:call:0", call.IdempotencyKey);
        Assert.Equal("""{"id":"p1","n":3}""", call.Arguments.ToJsonString());
        Assert.Equal("""{"id":"p1","n":3}""", run.Outputs!.ToJsonString());
    }

    [Fact]
    public async Task ToolStep_DefiniteFailure_RunFailedNamingTheStep()
    {
        _h.Tools.On("demo__charge", _ => new FlowToolResult(FlowToolResultKind.Failed, Error: "card declined"));
        await _h.PublishAsync("t", """{"steps":[{"key":"charge","type":"tool","tool":"demo__charge"},{"key":"after","type":"transform","value":1}]}""");

        var run = await _h.RunAsync("t");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Equal("step 'charge' failed: card declined", run.Error);
        Assert.DoesNotContain(await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None), n => n.StepKey == "after");
    }

    [Fact]
    public async Task ContinueOnError_FailedNode_SuccessorsRunWithItsError()
    {
        _h.Tools.On("demo__charge", _ => new FlowToolResult(FlowToolResultKind.Failed, Error: "card declined"));
        await _h.PublishAsync("t", """{"steps":[{"key":"charge","type":"tool","tool":"demo__charge","continue_on_error":true},{"key":"after","type":"transform","value":"{{ steps.charge.error }}"}],"output":"{{ steps.after.output }}"}""");

        var run = await _h.RunAsync("t");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("card declined", run.Outputs!.GetValue<string>());
        Assert.Equal(NodeStatuses.Failed, (await _h.NodeAsync(run.Id, "charge")).Status);
    }

    [Fact]
    public async Task StepRetry_DefiniteFailures_NewKeyPerAttemptUntilSuccess()
    {
        var calls = 0;
        _h.Tools.On("demo__flaky", _ => ++calls < 3 ? new FlowToolResult(FlowToolResultKind.Failed, Error: "boom") : new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("ok")));
        await _h.PublishAsync("t", """{"steps":[{"key":"f","type":"tool","tool":"demo__flaky","retry":{"attempts":3,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal([$"run:{run.Id}:f:0", $"run:{run.Id}:f:0:2", $"run:{run.Id}:f:0:3"], _h.Tools.KeysFor("demo__flaky"));
        Assert.Equal(3, (await _h.NodeAsync(run.Id, "f")).Attempts);
    }

    [Fact]
    public async Task StepRetry_FailsEveryAttempt_OneCallPerAttemptThenFailed()
    {
        _h.Tools.On("demo__down", _ => new FlowToolResult(FlowToolResultKind.Failed, Error: "boom"));
        await _h.PublishAsync("t", """{"steps":[{"key":"f","type":"tool","tool":"demo__down","retry":{"attempts":3,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Equal([$"run:{run.Id}:f:0", $"run:{run.Id}:f:0:2", $"run:{run.Id}:f:0:3"], _h.Tools.KeysFor("demo__down"));
        Assert.Equal(3, (await _h.NodeAsync(run.Id, "f")).Attempts);
    }

    [Fact]
    public async Task StepRetry_UnknownFailedUnavailable_SameKeyUntilADefiniteFailureThenANewOne()
    {
        var results = new Queue<FlowToolResultKind>([FlowToolResultKind.Unknown, FlowToolResultKind.Failed, FlowToolResultKind.Unavailable, FlowToolResultKind.Succeeded]);
        _h.Tools.On("demo__mixed", _ => new FlowToolResult(results.Dequeue(), JsonValue.Create("ok"), Error: "not yet"));
        await _h.PublishAsync("t", """{"steps":[{"key":"m","type":"tool","tool":"demo__mixed","retry":{"attempts":2,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal([$"run:{run.Id}:m:0", $"run:{run.Id}:m:0", $"run:{run.Id}:m:0:2", $"run:{run.Id}:m:0:2"], _h.Tools.KeysFor("demo__mixed"));
        Assert.Equal(2, (await _h.NodeAsync(run.Id, "m")).Attempts);
    }

    [Fact]
    public async Task ToolStep_OutcomeUnknown_CalledAgainWithTheSameKeyNotFailed()
    {
        var calls = 0;
        _h.Tools.On("demo__slow", _ => ++calls < 3 ? new FlowToolResult(FlowToolResultKind.Unknown, Error: "in flight") : new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(1)));
        await _h.PublishAsync("t", """{"steps":[{"key":"s","type":"tool","tool":"demo__slow","retry":{"attempts":5,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal(3, _h.Tools.KeysFor("demo__slow").Count);
        Assert.All(_h.Tools.KeysFor("demo__slow"), k => Assert.Equal($"run:{run.Id}:s:0", k));
    }

    [Fact]
    public async Task ToolStep_OutcomeUndetermined_FailsWithoutARetryUnderANewKey()
    {
        var calls = 0;
        _h.Tools.On("demo__charge", _ => ++calls == 1
            ? new FlowToolResult(FlowToolResultKind.Unknown, Error: "timed out mid-call")
            : new FlowToolResult(FlowToolResultKind.Undetermined, Error: "may have acted; nothing could check it"));
        await _h.PublishAsync("t", """{"steps":[{"key":"c","type":"tool","tool":"demo__charge","retry":{"attempts":5,"backoff":"10ms"}}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.All(_h.Tools.KeysFor("demo__charge"), k => Assert.Equal($"run:{run.Id}:c:0", k)); // never a new key: it could charge twice
        Assert.Equal(2, calls);
        Assert.Contains("nothing could check it", (await _h.NodeAsync(run.Id, "c")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolStep_ConnectorUnavailableThenBack_WaitsAndCallsWithTheSameKey()
    {
        var calls = 0;
        _h.Tools.On("demo__later", _ => ++calls < 3 ? new FlowToolResult(FlowToolResultKind.Unavailable, Error: "not connected") : new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(7)));
        await _h.PublishAsync("t", """{"steps":[{"key":"s","type":"tool","tool":"demo__later"}],"output":"{{ steps.s.output }}"}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("7", run.Outputs!.ToJsonString());
        Assert.Equal(3, _h.Tools.KeysFor("demo__later").Count);
        Assert.All(_h.Tools.KeysFor("demo__later"), k => Assert.Equal($"run:{run.Id}:s:0", k));
    }

    [Fact]
    public async Task ToolStep_ConnectorStaysUnavailablePastTimeout_FailsAsNothingRan()
    {
        _h.Tools.On("demo__gone", _ => new FlowToolResult(FlowToolResultKind.Unavailable, Error: "not connected"));
        await _h.PublishAsync("t", """{"steps":[{"key":"s","type":"tool","tool":"demo__gone","timeout":"300ms"}]}""");

        var run = await _h.RunWhileTimePassesAsync("t");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Contains("still unavailable", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_False_SkippedAndSuccessorsStillRun()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"transform","value":1,"when":"inputs.go"},{"key":"b","type":"transform","value":2}],"output":"{{ steps.a.status }}"}""");

        var run = await _h.RunAsync("t", """{"go":false}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("SKIPPED", run.Outputs!.GetValue<string>());
        Assert.Equal(NodeStatuses.Succeeded, (await _h.NodeAsync(run.Id, "b")).Status);
    }

    private const string Router = """
        {"steps":[
          {"key":"r","type":"router","mode":"MODE","routes":[
             {"when":"inputs.n > 10","next":["big"]},
             {"when":"inputs.n > 5","next":["medium"]}],"default":["small"]},
          {"key":"big","type":"transform","value":"big","next":["after_big"]},
          {"key":"after_big","type":"transform","value":1},
          {"key":"medium","type":"transform","value":"medium"},
          {"key":"small","type":"transform","value":"small"},
          {"key":"join","type":"transform","value":1,"depends_on":["big","medium","small"]}
        ],"output":"{{ steps.r.output.taken }}"}
        """;

    [Theory]
    [InlineData("first", 20, "[\"big\"]", "big,after_big,join")]
    [InlineData("all", 20, "[\"big\",\"medium\"]", "big,after_big,medium,join")]
    [InlineData("first", 7, "[\"medium\"]", "medium,join")]
    [InlineData("first", 1, "[\"small\"]", "small,join")]
    public async Task Router_Mode_TakenBranchesRunAndDeadPathsSkipped(string mode, int n, string taken, string ran)
    {
        await _h.PublishAsync("r", Router.Replace("MODE", mode, StringComparison.Ordinal));

        var run = await _h.RunAsync("r", $$"""{"n":{{n}}}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal(taken, run.Outputs!.ToJsonString());
        var nodes = await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None);
        var succeeded = nodes.Where(x => x.Status == NodeStatuses.Succeeded && x.StepKey != "r").Select(x => x.StepKey).Order(StringComparer.Ordinal);
        Assert.Equal(ran.Split(',').Order(StringComparer.Ordinal), succeeded);
        Assert.All(nodes.Where(x => x.Status == NodeStatuses.Skipped), x => Assert.Equal("not on a taken branch", x.Error));
    }

    [Fact]
    public async Task Loop_Concurrency_EachItemItsOwnNodeAndOutputInItemOrder()
    {
        _h.Tools.OnAsync("demo__work", async (call, ct) =>
        {
            await Task.Delay(20, ct);
            return new FlowToolResult(FlowToolResultKind.Succeeded, call.Arguments["x"]!.DeepClone());
        });
        await _h.PublishAsync("l", """
            {"steps":[{"key":"each","type":"loop","items":"{{ inputs.items }}","concurrency":2,
               "do":{"type":"tool","tool":"demo__work","args":{"x":"{{ loop.item }}-{{ loop.index }}"}}}],
             "output":"{{ steps.each.output }}"}
            """);

        var run = await _h.RunAsync("l", """{"items":["a","b","c","d","e"]}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("""["a-0","b-1","c-2","d-3","e-4"]""", run.Outputs!.ToJsonString());
        Assert.Equal(2, _h.Tools.MaxInFlight);
        var nodes = await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None);
        Assert.Equal([0, 1, 2, 3, 4, 5], nodes.Select(x => x.Iteration).Order());
        Assert.Contains($"run:{run.Id}:each:3", _h.Tools.KeysFor("demo__work"));
    }

    [Fact]
    public async Task Loop_ItemsNotAList_Failed()
    {
        await _h.PublishAsync("l", """{"steps":[{"key":"each","type":"loop","items":"{{ inputs.n }}","do":{"type":"transform","value":1}}]}""");

        var run = await _h.RunAsync("l", """{"n":3}""");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Contains("not a list", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTimeout_Passed_Timeout()
    {
        _h.Tools.On("demo__slow", _ =>
        {
            _h.Time.Advance(TimeSpan.FromMinutes(2));
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(1));
        });
        await _h.PublishAsync("t", """{"timeout":"1m","steps":[{"key":"a","type":"tool","tool":"demo__slow"},{"key":"b","type":"transform","value":1}]}""");

        var run = await _h.RunAsync("t");

        Assert.Equal(RunStatuses.Timeout, run.Status);
        Assert.DoesNotContain(await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None), n => n.StepKey == "b");
    }

    [Fact]
    public async Task StartRunAsync_InputsViolateSchema_InvalidWithPaths()
    {
        await _h.PublishAsync("t", """{"inputs":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]},"steps":[{"key":"a","type":"transform","value":1}]}""");

        var result = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, Inputs = FlowHarness.Json("""{"id":5}""") }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, result.Error!.Code);
        Assert.Contains(result.Error.Errors!, e => e.StartsWith("inputs.id:", StringComparison.Ordinal));
        Assert.Empty(_h.Runs.All());
    }

    [Fact]
    public async Task StartRunAsync_InputsViolateDraft202012Schema_InvalidWithPaths()
    {
        await _h.PublishAsync("t", """
            {"inputs":{"type":"object","$defs":{"qty":{"type":"integer","minimum":1}},
              "properties":{"line":{"type":"array","prefixItems":[{"type":"string"},{"$ref":"#/$defs/qty"}]}},
              "required":["line"],"unevaluatedProperties":false},
             "steps":[{"key":"a","type":"transform","value":1}]}
            """);

        var result = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, Inputs = FlowHarness.Json("""{"line":["sku",0],"extra":true}""") }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, result.Error!.Code);
        Assert.Contains(result.Error.Errors!, e => e.StartsWith("inputs.line[1]:", StringComparison.Ordinal));
        Assert.Contains("inputs.extra: is not an allowed property", result.Error.Errors!);
        Assert.Empty(_h.Runs.All());
    }

    [Fact]
    public async Task StartRunAsync_SameDedupKey_SameRunNotCreatedTwice()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"tool","tool":"demo__echo"}]}""");
        var start = new RunStart { Flow = "t", Origin = RunOrigins.Webhook, DedupKey = "evt-1" };

        var first = await _h.Engine.StartRunAsync(start, CancellationToken.None);
        var second = await _h.Engine.StartRunAsync(start, CancellationToken.None);
        await _h.WaitForStatusAsync(first.Run!.Id, RunStatuses.Succeeded);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Run.Id, second.Run!.Id);
        Assert.Single(_h.Tools.Effects);
    }

    [Fact]
    public async Task StartRunAsync_Disabled_ProductionRefusedTestingAllowed()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"transform","value":1}]}""");
        await _h.Service.ApplyAsync("t", new FlowOperation { Type = "disable" }, CancellationToken.None);

        var production = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api }, CancellationToken.None);
        var testing = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, Version = "1", Environment = RunEnvironments.Testing }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.NotRunnable, production.Error!.Code);
        Assert.Equal(RunEnvironments.Testing, testing.Run!.Environment);
    }

    [Fact]
    public async Task StartRunAsync_DraftVersion_TestingAndInvalidDraftRefused()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"transform","value":1}]}""");
        await _h.Service.SaveVersionAsync("t", FlowHarness.Json("""{"steps":[{"key":"a","type":"transform","value":2}]}"""), null, null, CancellationToken.None);

        var draft = await _h.StartAsync("t", version: "latest");
        var published = await _h.StartAsync("t", version: "1");
        await _h.Service.SaveVersionAsync("t", FlowHarness.Json("""{"steps":[{"key":"a","type":"bad"}]}"""), null, null, CancellationToken.None);
        var invalid = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, Version = "3" }, CancellationToken.None);
        var draftAsProduction = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, Version = "2", Environment = RunEnvironments.Production }, CancellationToken.None);

        Assert.Equal((2, RunEnvironments.Testing), (draft.Version, draft.Environment));
        Assert.Equal((1, RunEnvironments.Production), (published.Version, published.Environment));
        Assert.Equal(FlowErrorCodes.Invalid, invalid.Error!.Code);
        Assert.Equal(FlowErrorCodes.NotRunnable, draftAsProduction.Error!.Code);
    }

    [Fact]
    public async Task SubFlow_ChildSucceeds_ParentGetsChildOutputs()
    {
        await _h.PublishAsync("child", """{"steps":[{"key":"x","type":"transform","value":"{{ inputs.v }}"}],"output":{"got":"{{ steps.x.output }}"}}""");
        await _h.PublishAsync("parent", """{"steps":[{"key":"sub","type":"flow","flow":"child","inputs":{"v":"{{ inputs.v }}"}}],"output":"{{ steps.sub.output.got }}"}""");

        var run = await _h.StartAsync("parent", """{"v":"hello"}""");
        var done = await _h.WaitForAsync(run.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Succeeded, done.Status);
        Assert.Equal("hello", done.Outputs!.GetValue<string>());
        var child = Assert.Single(_h.Runs.All(), r => r.ParentRunId == run.Id);
        Assert.Equal((RunOrigins.Flow, "sub"), (child.Origin, child.ParentStep));
    }

    [Fact]
    public async Task SubFlow_ChildFails_ParentNodeFailed()
    {
        _h.Tools.On("demo__bad", _ => new FlowToolResult(FlowToolResultKind.Failed, Error: "nope"));
        await _h.PublishAsync("child", """{"steps":[{"key":"x","type":"tool","tool":"demo__bad"}]}""");
        await _h.PublishAsync("parent", """{"steps":[{"key":"sub","type":"flow","flow":"child"}]}""");

        var run = await _h.StartAsync("parent");
        var done = await _h.WaitForAsync(run.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(RunStatuses.Failed, done.Status);
        Assert.Contains("step 'sub' failed: the sub-run", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunChanged_EveryNodeAndRunChange_WithCounts()
    {
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"transform","value":1},{"key":"b","type":"transform","value":1}]}""");

        var run = await _h.RunAsync("t");

        var events = _h.Events.Where(e => e.RunId == run.Id).ToList();
        Assert.Contains(events, e => e is { StepKey: "b", Status: NodeStatuses.Succeeded, Completed: 2, Total: 2 });
        Assert.Contains(events, e => e is { StepKey: null, Status: RunStatuses.Succeeded });
    }

    [Fact]
    public async Task RunChanged_Loop_TotalCountsEachItemOnceTheLoopStarted()
    {
        await _h.PublishAsync("t", """
            {"steps":[{"key":"a","type":"transform","value":1},
                      {"key":"l","type":"loop","items":[1,2,3],"do":{"type":"transform","value":"{{ loop.item }}"}},
                      {"key":"b","type":"transform","value":1}]}
            """);

        var run = await _h.RunAsync("t");

        var events = _h.Events.Where(e => e.RunId == run.Id && e.StepKey is not null && NodeStatuses.IsFinished(e.Status)).ToList();
        Assert.Equal(3, events.Single(e => e.StepKey == "a").Total);
        Assert.Equal([1, 2, 3], events.Where(e => e is { StepKey: "l", Iteration: > 0 }).Select(e => e.Iteration).Order());
        Assert.All(events.Where(e => e.StepKey != "a"), e => Assert.Equal(6, e.Total));
        Assert.Equal(6, events.Count); // one finish per node: three steps and three items
    }
}
