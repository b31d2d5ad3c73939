using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Execution;

/// <summary>Items per loop, run duration, and a stored version that no longer compiles: the run fails, the engine goes on.</summary>
public sealed class FlowEngineLimitTests : IAsyncLifetime
{
    private readonly FlowHarness _h = new(new FlowLimits { MaxLoopItems = 3, MaxRunDuration = TimeSpan.FromMinutes(1) });

    public Task InitializeAsync()
    {
        _h.NewEngine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Loop_MoreItemsThanTheLimit_FailsBeforeAnyIterationNamingTheLimit()
    {
        await _h.PublishAsync("l", """{"steps":[{"key":"each","type":"loop","items":"{{ inputs.items }}","do":{"type":"tool","tool":"demo__work"}}]}""");

        var run = await _h.RunAsync("l", """{"items":[1,2,3,4]}""");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Contains("items gave 4 items; a loop may run over at most 3 (the gateway's max_loop_items)", run.Error, StringComparison.Ordinal);
        var node = Assert.Single(await _h.Runs.ListNodesAsync(run.Id, CancellationToken.None));
        Assert.Null(node.Input);
        Assert.Empty(_h.Tools.KeysFor("demo__work"));
    }

    [Fact]
    public async Task Loop_ItemsAtTheLimit_RunsEach()
    {
        await _h.PublishAsync("l", """{"steps":[{"key":"each","type":"loop","items":"{{ inputs.items }}","do":{"type":"transform","value":"{{ loop.item }}"}}],"output":"{{ steps.each.output }}"}""");

        var run = await _h.RunAsync("l", """{"items":[1,2,3]}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        Assert.Equal("[1,2,3]", run.Outputs!.ToJsonString());
    }

    [Fact]
    public async Task Run_WithoutATimeout_TimesOutAfterTheMaxRunDuration()
    {
        _h.Tools.On("demo__slow", _ =>
        {
            _h.Time.Advance(TimeSpan.FromMinutes(2));
            return new FlowToolResult(FlowToolResultKind.Succeeded, JsonValue.Create(1));
        });
        await _h.PublishAsync("t", """{"steps":[{"key":"a","type":"tool","tool":"demo__slow"},{"key":"b","type":"transform","value":1}]}""");

        var started = await _h.StartAsync("t");
        var run = await _h.WaitForAsync(started.Id, r => RunStatuses.IsTerminal(r.Status));

        Assert.Equal(FlowHarness.Start.AddMinutes(1), started.TimeoutAt);
        Assert.Equal(RunStatuses.Timeout, run.Status);
        Assert.Equal("The run passed the longest a run may take (1m, the gateway's max_run_duration).", run.Error);
    }

    [Fact]
    public async Task StoredVersionWithOversizedRouterCondition_RunResumed_FailsNamingTheLimitAndTheEngineGoesOn()
    {
        // A version an older build saved as valid: its router condition is 150,000 terms (about 1.3 MB).
        var flow = await _h.PublishAsync("old", """{"steps":[{"key":"a","type":"transform","value":1}]}""");
        var definition = FlowHarness.Json("""{"steps":[{"key":"r","type":"router","routes":[{"when":"true","next":["x"]}]},{"key":"x","type":"transform","value":1}]}""");
        definition["steps"]![0]!["routes"]![0]!["when"] = string.Join(" or ", Enumerable.Repeat("inputs.a", 150_000));
        var stored = await _h.Flows.AddVersionAsync(new FlowVersion { FlowId = flow.Id, Definition = definition, Valid = true, Hash = "old-build", CreatedAt = FlowHarness.Start }, CancellationToken.None);
        var (run, _) = await _h.Runs.CreateRunAsync(new FlowRun
        {
            Id = "run_old", FlowId = flow.Id, FlowName = "old", Version = stored.Number, Environment = RunEnvironments.Testing, Origin = RunOrigins.Api,
            Status = RunStatuses.Running, CreatedAt = FlowHarness.Start,
        }, CancellationToken.None);

        await _h.PollOnceAsync();
        var failed = await _h.WaitForStatusAsync(run.Id, RunStatuses.Failed);
        var refused = await _h.Engine.StartRunAsync(new RunStart { Flow = "old", Version = stored.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Origin = RunOrigins.Api }, CancellationToken.None);
        var other = await _h.RunAsync("old");

        Assert.StartsWith($"Version {stored.Number} of flow old is not valid and cannot run: steps[0] (r).routes[0].when: at 16384:", failed.Error, StringComparison.Ordinal);
        Assert.Contains("the limit is 16384 characters", failed.Error, StringComparison.Ordinal);
        Assert.Equal(FlowErrorCodes.Invalid, refused.Error!.Code);
        Assert.Contains("the limit is 16384 characters", Assert.Single(refused.Error.Errors!), StringComparison.Ordinal);
        Assert.Equal(RunStatuses.Succeeded, other.Status);
    }
}
