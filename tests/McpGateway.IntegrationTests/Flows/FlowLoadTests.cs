using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Many async runs at once: every one finishes, through the bounded engine.</summary>
public sealed class FlowLoadTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    [Fact]
    public async Task TwoHundredConcurrentAsyncRuns_AllSucceed()
    {
        var gateway = fixture.Gateway;
        await FlowApi.ImportAsync(gateway, """
            { "name": "load-echo", "status": "ENABLED", "publish": true,
              "inputs": { "type": "object", "properties": { "i": { "type": "integer" } } },
              "steps": [
                { "key": "one", "type": "tool", "tool": "demo__echo", "args": { "text": "run {{ inputs.i }}" } },
                { "key": "two", "type": "transform", "value": { "said": "{{ steps.one.output }}" } },
                { "key": "three", "type": "tool", "tool": "demo__echo", "args": { "text": "{{ steps.two.output.said }} again" } } ],
              "output": { "said": "{{ steps.three.output }}" } }
            """);

        var starts = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            FlowApi.StartAsync(gateway, "load-echo", new JsonObject { ["i"] = i }, wait: false)));

        Assert.All(starts, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
        await gateway.WaitUntilAsync(async () =>
        {
            var (_, stats) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/runs?flow=load-echo&status=SUCCEEDED&limit=500");
            return stats["data"]!.AsArray().Count == 200;
        }, "200 runs to succeed", 180);
        var (_, runs) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/runs?flow=load-echo&limit=500");
        Assert.All(runs["data"]!.AsArray(), r => Assert.Equal("SUCCEEDED", r!["status"]!.GetValue<string>()));
        var sample = await FlowApi.GetRunAsync(gateway, starts[17].Body["id"]!.GetValue<string>());
        Assert.Equal("run 17 again", sample["outputs"]!["said"]!.GetValue<string>());
    }
}
