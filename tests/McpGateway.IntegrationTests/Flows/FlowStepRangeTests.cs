using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// Starting a run at a step with an earlier run's outputs (<c>from_step_key</c>, <c>from_run</c>), and running a flow
/// only up to a step (<c>to_step_key</c>), through the real host.
/// </summary>
public sealed class FlowStepRangeTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private static Task<(HttpStatusCode Status, JsonNode Body)> StartAsync(GatewayProcess gateway, string flow, JsonObject body)
    {
        body["wait"] ??= true;
        return Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/flows/{flow}/runs", body);
    }

    [Fact]
    public async Task FromStep_AfterCharge_CopiesTheChargeAndNeverChargesAgain()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("range-charge"));
        var inputs = new JsonObject { ["payment_id"] = "pay_range_1", ["amount"] = 12 };
        var (_, first) = await FlowApi.StartAsync(Gateway, "range-charge", inputs);
        var firstId = first["id"]!.GetValue<string>();
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_range_1"));

        var (status, again) = await StartAsync(Gateway, "range-charge",
            new JsonObject { ["inputs"] = inputs.DeepClone(), ["from_step_key"] = "confirm", ["from_run"] = firstId });

        Assert.True(status == HttpStatusCode.OK, again.ToJsonString());
        Assert.Equal("SUCCEEDED", again["status"]!.GetValue<string>());
        Assert.Equal((firstId, "confirm"), (again["from_run"]!.GetValue<string>(), again["from_step_key"]!.GetValue<string>()));
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_range_1"));
        var run = await FlowApi.GetRunAsync(Gateway, again["id"]!.GetValue<string>());
        var charge = FlowApi.Node(run, "charge");
        Assert.Equal(("SUCCEEDED", firstId), (charge["status"]!.GetValue<string>(), charge["copied_from"]!.GetValue<string>()));
        Assert.Equal(FlowApi.Node(first = await FlowApi.GetRunAsync(Gateway, firstId), "charge")["output"]!.ToJsonString(), charge["output"]!.ToJsonString());
        Assert.Null(FlowApi.Node(run, "confirm")["copied_from"]);
        Assert.Equal(run["outputs"]!["charge_id"]!.ToJsonString(), first["outputs"]!["charge_id"]!.ToJsonString());
    }

    [Fact]
    public async Task FromStep_UnknownStepMissingOutputsOrRun_Refused()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "range-fails", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "boom", "type": "tool", "tool": "demo__flaky", "args": { "n": 5, "key": "{{ run.id }}" } },
                         { "key": "after", "type": "transform", "value": 1 } ] }
            """);
        var (_, failed) = await FlowApi.StartAsync(Gateway, "range-fails", []);
        var failedId = failed["id"]!.GetValue<string>();

        var (unknownStep, unknownBody) = await StartAsync(Gateway, "range-fails", new JsonObject { ["from_step_key"] = "nope", ["from_run"] = failedId });
        var (noOutput, noOutputBody) = await StartAsync(Gateway, "range-fails", new JsonObject { ["from_step_key"] = "after", ["from_run"] = failedId });
        var (noRun, _) = await StartAsync(Gateway, "range-fails", new JsonObject { ["from_step_key"] = "after", ["from_run"] = "run_nope" });
        var (alone, _) = await StartAsync(Gateway, "range-fails", new JsonObject { ["from_step_key"] = "after" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownStep);
        Assert.Contains("'nope' is not a step", unknownBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOutput);
        Assert.Contains("'boom' (FAILED)", noOutputBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noRun);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, alone);
        var (_, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=range-fails");
        Assert.Single(page["data"]!.AsArray());
    }

    [Fact]
    public async Task ToStep_MiddleStep_RunsItAndWhatItDependsOnThenSucceedsWithTheRestMarkedNotRun()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "range-to", "status": "ENABLED", "publish": true,
              "inputs": { "type": "object", "properties": { "n": { "type": "number" } } },
              "steps": [
                { "key": "a", "type": "transform", "value": { "n": "{{ inputs.n }}" } },
                { "key": "side", "type": "transform", "value": "unrelated" },
                { "key": "b", "type": "transform", "value": { "twice": "{{ steps.a.output.n }}" }, "depends_on": ["a"] },
                { "key": "c", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "pay_range_to", "amount": 1 }, "depends_on": ["b"] } ] }
            """);

        var (status, run) = await StartAsync(Gateway, "range-to", new JsonObject { ["inputs"] = new JsonObject { ["n"] = 3 }, ["to_step_key"] = "b" });

        Assert.True(status == HttpStatusCode.OK, run.ToJsonString());
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(3, run["outputs"]!["twice"]!.GetValue<int>());
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", FlowApi.Node(details, "a")["status"]!.GetValue<string>());
        foreach (var skipped in (string[])["side", "c"])
        {
            var node = FlowApi.Node(details, skipped);
            Assert.Equal("SKIPPED", node["status"]!.GetValue<string>());
            Assert.Equal("not run: the run ends at step 'b'", node["error"]!.GetValue<string>());
        }

        Assert.Equal(0, await FlowApi.ChargesAsync(Gateway, "pay_range_to"));
        var (unknown, _) = await StartAsync(Gateway, "range-to", new JsonObject { ["to_step_key"] = "zz" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown);
    }
}
