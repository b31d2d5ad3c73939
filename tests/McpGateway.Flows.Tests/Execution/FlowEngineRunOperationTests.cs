using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Execution;

/// <summary>The engine's run operations: pause and resume, a start from a step, a run to a step, usage.</summary>
public sealed class FlowEngineRunOperationTests : IAsyncLifetime
{
    private const string Three = """
        {"steps":[{"key":"a","type":"tool","tool":"demo__a","args":{}},{"key":"b","type":"tool","tool":"other__b","args":{}},
                  {"key":"c","type":"transform","value":{"a":"{{ steps.a.output }}","b":"{{ steps.b.output }}"}}],
         "output":"{{ steps.c.output }}"}
        """;

    private readonly FlowHarness _h = new();

    public Task InitializeAsync()
    {
        _h.NewEngine();
        _h.Tools.On("demo__a", _ => new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("A")));
        _h.Tools.On("other__b", _ => new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("B")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task PauseAsync_ToolInFlight_ItCommitsNothingElseStartsUntilResume()
    {
        var release = new TaskCompletionSource();
        _h.Tools.OnAsync("demo__a", async (_, _) =>
        {
            await release.Task;
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("A"));
        });
        await _h.PublishAsync("p", Three);
        var run = await _h.StartAsync("p");
        await _h.WaitForAsync(run.Id, _ => _h.Tools.Calls.Any(c => c.Tool == "demo__a"));

        var paused = await _h.Engine.PauseAsync(run.Id, "alice", CancellationToken.None);
        release.SetResult();

        Assert.True(paused.Ok);
        var stopped = await _h.WaitForAsync(run.Id, r => r.Status == RunStatuses.Paused);
        Assert.Equal("paused by alice", stopped.PauseReason);
        var nodes = await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None);
        Assert.Equal(NodeStatuses.Succeeded, Assert.Single(nodes).Status);
        Assert.DoesNotContain(_h.Tools.Calls, c => c.Tool == "other__b");
        Assert.Equal(FlowErrorCodes.Conflict, (await _h.Engine.PauseAsync(run.Id, "bob", CancellationToken.None)).Error!.Code);

        Assert.True((await _h.Engine.ResumeAsync(run.Id, CancellationToken.None)).Ok);

        var done = await _h.WaitForAsync(run.Id, r => r.Status == RunStatuses.Succeeded);
        Assert.Equal("""{"a":"A","b":"B"}""", done.Outputs!.ToJsonString());
        Assert.Equal(FlowErrorCodes.Conflict, (await _h.Engine.ResumeAsync(run.Id, CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task WaitAsync_RunPausedByACaller_AnswersWithThePausedRun()
    {
        var release = new TaskCompletionSource();
        _h.Tools.OnAsync("demo__a", async (_, _) =>
        {
            await release.Task;
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("A"));
        });
        await _h.PublishAsync("w", Three);
        var run = await _h.StartAsync("w");
        await _h.WaitForAsync(run.Id, _ => _h.Tools.Calls.Any(c => c.Tool == "demo__a"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var waiting = _h.Engine.WaitAsync(run.Id, timeout.Token);

        await _h.Engine.PauseAsync(run.Id, "alice", CancellationToken.None);
        release.SetResult();

        var answered = await _h.DriveAsync(waiting);
        Assert.Equal((RunStatuses.Paused, "paused by alice"), (answered.Status, answered.PauseReason));
    }

    [Fact]
    public async Task StartRunAsync_FromStep_CopiesEarlierNodesAndCallsOnlyFromThere()
    {
        await _h.PublishAsync("f", Three);
        var first = await _h.RunAsync("f");

        var started = await _h.Engine.StartRunAsync(new RunStart { Flow = "f", Origin = RunOrigins.Api, FromStep = "b", FromRun = first.Id }, CancellationToken.None);
        var second = await _h.Engine.WaitAsync(started.Run!.Id, CancellationToken.None);

        Assert.Equal(RunStatuses.Succeeded, second.Status);
        Assert.Equal((first.Id, "b"), (second.FromRunId, second.FromStep));
        Assert.Single(_h.Tools.Calls, c => c.Tool == "demo__a");
        Assert.Equal(2, _h.Tools.Calls.Count(c => c.Tool == "other__b"));
        var details = (await _h.Engine.GetRunAsync(second.Id, CancellationToken.None))!;
        var copied = Assert.Single(details.Nodes, n => n.StepKey == "a");
        Assert.Equal((NodeStatuses.Succeeded, first.Id), (copied.Status, copied.CopiedFrom));
        Assert.Equal(1, details.Usage!.ToolCalls);
        Assert.Equal(first.Id, details.Usage.Steps[0].CopiedFrom);
        Assert.Equal("other", Assert.Single(details.Usage.Connectors).Connector);
    }

    [Theory]
    [InlineData("zz", "run", "'zz' is not a step")]
    [InlineData("b", null, "go together")]
    [InlineData("b", "run_none", "No run 'run_none'")]
    public async Task StartRunAsync_BadFromStep_RefusedAndNothingStored(string step, string? fromRun, string message)
    {
        await _h.PublishAsync("f", Three);
        var first = await _h.RunAsync("f");

        var started = await _h.Engine.StartRunAsync(
            new RunStart { Flow = "f", Origin = RunOrigins.Api, FromStep = step, FromRun = fromRun == "run" ? first.Id : fromRun }, CancellationToken.None);

        Assert.False(started.Ok);
        Assert.Contains(message, started.Error!.Message, StringComparison.Ordinal);
        Assert.Single((await _h.Runs.ListRunsAsync(new RunQuery(), CancellationToken.None)).Runs);
    }

    [Fact]
    public async Task StartRunAsync_ToStep_RunsItsAncestorsOnlyAndEndsWithItsOutput()
    {
        await _h.PublishAsync("t", """
            {"steps":[{"key":"a","type":"tool","tool":"demo__a","args":{}},{"key":"b","type":"tool","tool":"other__b","args":{},"depends_on":["a"]},
                      {"key":"x","type":"tool","tool":"other__b","args":{}}]}
            """);

        var started = await _h.Engine.StartRunAsync(new RunStart { Flow = "t", Origin = RunOrigins.Api, ToStep = "a" }, CancellationToken.None);
        var run = await _h.Engine.WaitAsync(started.Run!.Id, CancellationToken.None);

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("\"A\"", run.Outputs!.ToJsonString());
        Assert.DoesNotContain(_h.Tools.Calls, c => c.Tool == "other__b");
        var nodes = await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None);
        Assert.All(nodes.Where(n => n.StepKey != "a"), n => Assert.Equal((NodeStatuses.Skipped, "not run: the run ends at step 'a'"), (n.Status, n.Error)));
    }

    [Fact]
    public async Task GetRunAsync_LoopOfToolCallsWithRetries_UsageCountsEachItemAndAttempt()
    {
        var calls = 0;
        _h.Tools.On("demo__a", _ => Interlocked.Increment(ref calls) == 1
            ? new FlowToolResult(FlowToolResultKind.Failed, Error: "once")
            : new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create("A")));
        await _h.PublishAsync("u", """
            {"steps":[{"key":"each","type":"loop","items":[1,2,3],"do":{"type":"tool","tool":"demo__a","args":{},"retry":{"attempts":2,"backoff":"1ms"}}}]}
            """);
        var run = await _h.RunWhileTimePassesAsync("u");

        var usage = (await _h.Engine.GetRunAsync(run.Id, CancellationToken.None))!.Usage!;

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal((3, 4), (usage.ToolCalls, usage.Attempts));
        Assert.Equal(new ConnectorUsage("demo", 3, 4), Assert.Single(usage.Connectors));
        Assert.Equal(4, Assert.Single(usage.Steps).Nodes);
    }
}
