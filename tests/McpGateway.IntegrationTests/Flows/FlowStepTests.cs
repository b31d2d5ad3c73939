using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Every step type through the real engine and upstream: router, loop, delay, sub-flow, when, retry, continue_on_error, timeout.</summary>
public sealed class FlowStepTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private const string Child = """
        { "name": "steps-child", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "x": {} } },
          "steps": [ { "key": "wrap", "type": "transform", "value": { "got": "{{ inputs.x }}" } } ],
          "output": "{{ steps.wrap.output }}" }
        """;

    private const string AllTypes = """
        { "name": "steps-all", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "items": { "type": "array" }, "big": { "type": "boolean" } }, "required": ["items", "big"] },
          "steps": [
            { "key": "start", "type": "transform", "value": { "items": "{{ inputs.items }}" }, "next": ["route"] },
            { "key": "route", "type": "router", "mode": "first", "routes": [ { "when": "inputs.big", "next": ["each"] } ], "default": ["small"] },
            { "key": "each", "type": "loop", "items": "{{ steps.start.output.items }}", "concurrency": 2,
              "do": { "type": "tool", "tool": "demo__echo", "args": { "text": "item {{ loop.index }}: {{ loop.item }}" } }, "next": ["pause"] },
            { "key": "small", "type": "transform", "value": { "small": true }, "next": ["pause"] },
            { "key": "pause", "type": "delay", "duration": "50ms", "next": ["child"] },
            { "key": "child", "type": "flow", "flow": "steps-child", "inputs": { "x": "{{ inputs.items }}" }, "next": ["only_small"] },
            { "key": "only_small", "type": "transform", "when": "inputs.big == false", "value": { "ran": true }, "next": ["done"] },
            { "key": "done", "type": "transform", "value": { "echoes": "{{ steps.each.output }}", "child": "{{ steps.child.output }}", "small": "{{ steps.small.output }}" } }
          ],
          "output": "{{ steps.done.output }}" }
        """;

    [Fact]
    public async Task AllStepTypes_BigBranch_LoopsAndSkipsTheOtherBranch()
    {
        await FlowApi.ImportAsync(Gateway, Child);
        await FlowApi.ImportAsync(Gateway, AllTypes);

        var (status, run) = await FlowApi.StartAsync(Gateway, "steps-all", new JsonObject { ["items"] = new JsonArray("a", "b", "c"), ["big"] = true });

        Assert.True(status == HttpStatusCode.OK, run.ToJsonString());
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(["item 0: a", "item 1: b", "item 2: c"], run["outputs"]!["echoes"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["a", "b", "c"], run["outputs"]!["child"]!["got"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Null(run["outputs"]!["small"]);
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.Equal("SKIPPED", FlowApi.Node(details, "small")["status"]!.GetValue<string>());
        Assert.Equal("SKIPPED", FlowApi.Node(details, "only_small")["status"]!.GetValue<string>());
        for (var i = 1; i <= 3; i++)
        {
            var iteration = FlowApi.Node(details, "each", i);
            Assert.Equal("SUCCEEDED", iteration["status"]!.GetValue<string>());
            Assert.NotNull(iteration["execution_id"]);
        }

        var childRun = FlowApi.Node(details, "child")["child_run_id"]!.GetValue<string>();
        var child = await FlowApi.GetRunAsync(Gateway, childRun);
        Assert.Equal(("FLOW", run["id"]!.GetValue<string>()), (child["origin"]!.GetValue<string>(), child["parent_run_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AllStepTypes_SmallBranch_TakesDefaultAndRunsWhenStep()
    {
        await FlowApi.ImportAsync(Gateway, Child);
        await FlowApi.ImportAsync(Gateway, AllTypes);

        var (_, run) = await FlowApi.StartAsync(Gateway, "steps-all", new JsonObject { ["items"] = new JsonArray(1), ["big"] = false });

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.True(run["outputs"]!["small"]!["small"]!.GetValue<bool>());
        Assert.Null(run["outputs"]!["echoes"]);
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.Equal("SKIPPED", FlowApi.Node(details, "each")["status"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", FlowApi.Node(details, "only_small")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task StepRetry_FlakyTool_SucceedsOnThirdAttempt()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "steps-retry", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "shaky", "type": "tool", "tool": "demo__flaky", "args": { "n": 2, "key": "{{ run.id }}" },
                           "retry": { "attempts": 3, "backoff": "10ms" } } ],
              "output": { "said": "{{ steps.shaky.output }}" } }
            """);

        var (_, run) = await FlowApi.StartAsync(Gateway, "steps-retry", []);

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal("ok after 3 attempts", run["outputs"]!["said"]!.GetValue<string>());
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.Equal(3, FlowApi.Node(details, "shaky")["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task ContinueOnError_FailingTool_RunSucceedsWithTheError()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "steps-continue", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "broken", "type": "tool", "tool": "demo__fail", "args": { "message": "card declined" }, "continue_on_error": true },
                { "key": "after", "type": "transform", "value": { "error": "{{ steps.broken.error }}", "status": "{{ steps.broken.status }}" } } ],
              "output": "{{ steps.after.output }}" }
            """);

        var (_, run) = await FlowApi.StartAsync(Gateway, "steps-continue", []);

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Contains("card declined", run["outputs"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("FAILED", run["outputs"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailingTool_WithoutContinue_RunFailsNamingTheStep()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "steps-fail", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "broken", "type": "tool", "tool": "demo__fail", "args": { "message": "card declined" } },
                { "key": "never", "type": "transform", "value": {} } ] }
            """);

        var (_, run) = await FlowApi.StartAsync(Gateway, "steps-fail", []);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        Assert.Contains("broken", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.DoesNotContain(details["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "never" && n["status"]!.GetValue<string>() == "SUCCEEDED");
    }

    [Fact]
    public async Task RunTimeout_SlowTool_EndsTimeout()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "steps-timeout", "status": "ENABLED", "publish": true, "timeout": "1s",
              "steps": [ { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 30000 } } ] }
            """);

        var (_, run) = await FlowApi.StartAsync(Gateway, "steps-timeout", []);

        Assert.Equal("TIMEOUT", run["status"]!.GetValue<string>());
    }
}
