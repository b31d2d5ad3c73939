using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Tags on runs (stored, filtered, inherited by sub-runs), sub-flow failures a parent survives, and a run's usage.</summary>
public sealed class FlowRunDetailsTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private const string Child = """
        { "name": "details-child", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "fail": { "type": "number" } } },
          "steps": [ { "key": "maybe", "type": "tool", "tool": "demo__flaky", "args": { "n": "{{ inputs.fail }}", "key": "{{ run.id }}" } } ] }
        """;

    private static string Parent(string name, bool failParent) => $$$"""
        { "name": "{{{name}}}", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "fail": { "type": "number" } } },
          "steps": [
            { "key": "sub", "type": "flow", "flow": "details-child", "inputs": { "fail": "{{ inputs.fail }}" }, "fail_parent_on_failure": {{{(failParent ? "true" : "false")}}} },
            { "key": "after", "type": "transform", "value": { "child_failed": "{{ steps.sub.output.failed }}", "child_status": "{{ steps.sub.output.status }}" } } ],
          "output": "{{ steps.after.output }}" }
        """;

    [Fact]
    public async Task Tags_GivenAtStart_StoredFilterableAndCopiedToSubRuns()
    {
        await FlowApi.ImportAsync(Gateway, Child);
        await FlowApi.ImportAsync(Gateway, Parent("details-tags", failParent: true));

        var (status, run) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/details-tags/runs",
            new JsonObject { ["inputs"] = new JsonObject { ["fail"] = 0 }, ["wait"] = true, ["tags"] = new JsonArray("nightly", "team-a", "nightly") });

        Assert.True(status == HttpStatusCode.OK, run.ToJsonString());
        Assert.Equal(["nightly", "team-a"], run["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var (_, tagged) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?tag=team-a");
        var ids = tagged["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        var childId = FlowApi.Node(await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>()), "sub")["child_run_id"]!.GetValue<string>();
        Assert.Contains(run["id"]!.GetValue<string>(), ids);
        Assert.Contains(childId, ids);
        var (_, other) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?tag=team");
        Assert.DoesNotContain(other["data"]!.AsArray(), r => ids.Contains(r!["id"]!.GetValue<string>()));
        var (bad, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/details-tags/runs", new JsonObject { ["tags"] = new JsonArray(1) });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }

    [Fact]
    public async Task FailParentOnFailure_False_ParentContinuesWithTheChildsFailureAsOutput()
    {
        await FlowApi.ImportAsync(Gateway, Child);
        await FlowApi.ImportAsync(Gateway, Parent("details-lenient", failParent: false));
        await FlowApi.ImportAsync(Gateway, Parent("details-strict", failParent: true));

        var (_, lenient) = await FlowApi.StartAsync(Gateway, "details-lenient", new JsonObject { ["fail"] = 5 });
        var (_, strict) = await FlowApi.StartAsync(Gateway, "details-strict", new JsonObject { ["fail"] = 5 });

        Assert.Equal("SUCCEEDED", lenient["status"]!.GetValue<string>());
        Assert.True(lenient["outputs"]!["child_failed"]!.GetValue<bool>());
        Assert.Equal("FAILED", lenient["outputs"]!["child_status"]!.GetValue<string>());
        Assert.Equal("FAILED", strict["status"]!.GetValue<string>());
        Assert.Contains("sub-run", strict["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_RunWithRetriedAndPlainToolSteps_CountsCallsAttemptsPerConnectorAndStep()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "details-usage", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "shaky", "type": "tool", "tool": "demo__flaky", "args": { "n": 2, "key": "{{ run.id }}" }, "retry": { "attempts": 3, "backoff": "10ms" } },
                { "key": "echo", "type": "tool", "tool": "demo__echo", "args": { "text": "hi" } },
                { "key": "shape", "type": "transform", "value": 1 } ] }
            """);
        var (_, ended) = await FlowApi.StartAsync(Gateway, "details-usage", []);

        var run = await FlowApi.GetRunAsync(Gateway, ended["id"]!.GetValue<string>());

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        var usage = run["usage"]!;
        Assert.Equal(2, usage["tool_calls"]!.GetValue<int>());
        Assert.Equal(4, usage["attempts"]!.GetValue<int>());
        var demo = Assert.Single(usage["connectors"]!.AsArray())!;
        Assert.Equal(("demo", 2, 4), (demo["connector"]!.GetValue<string>(), demo["tool_calls"]!.GetValue<int>(), demo["attempts"]!.GetValue<int>()));
        var steps = usage["steps"]!.AsArray();
        Assert.Equal(["shaky", "echo", "shape"], steps.Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal(3, steps[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(0, steps[2]!["tool_calls"]!.GetValue<int>());
        Assert.All(steps, s => Assert.True(s!["duration_ms"]!.GetValue<long>() >= 0));
    }
}
