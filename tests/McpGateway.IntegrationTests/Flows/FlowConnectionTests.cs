using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// A flow's tool step uses a stored connection (<c>{{ connections.NAME.FIELD }}</c>) through the real host: the upstream
/// gets the value; the run, the journal and the log keep the reference or <c>[REDACTED]</c>, never the value.
/// </summary>
public sealed class FlowConnectionTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private const string Secret = "ck-live-5544332211";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ToolStep_UsesAConnection_UpstreamGetsTheValue_RunJournalAndLogNeverShowIt()
    {
        var (put, _) = await Rest.SendAsync(Gateway, HttpMethod.Put, "/v1/connections/flow_crm",
            new JsonObject { ["type"] = "CUSTOM_AUTH", ["value"] = new JsonObject { ["api_key"] = Secret } });
        Assert.True(put is HttpStatusCode.Created or HttpStatusCode.OK);
        await FlowApi.ImportAsync(Gateway, """
            { "name": "uses-connection", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{ connections.flow_crm.api_key }}", "amount": 3 } },
                { "key": "say", "type": "tool", "tool": "demo__echo", "args": { "text": "key is {{ connections.flow_crm.api_key }}" } } ],
              "output": { "said": "{{ steps.say.output }}" } }
            """);

        var (status, run) = await FlowApi.StartAsync(Gateway, "uses-connection", []);

        Assert.True(status == HttpStatusCode.OK, run.ToJsonString());
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, Secret)); // the upstream charged the value itself
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.Equal("{{connections.flow_crm.api_key}}", FlowApi.Node(details, "charge")["input"]!["payment_id"]!.GetValue<string>());
        Assert.Contains("key is [REDACTED]", FlowApi.Node(details, "say")["output"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, details.ToJsonString(), StringComparison.Ordinal);
        var (_, traces) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces/export?format=json&tool=demo__echo");
        Assert.DoesNotContain(Secret, traces.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", traces.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolStep_UnknownConnection_StepFailsNamingIt_ToolNotCalled()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "missing-connection", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "pay_{{ connections.nowhere.api_key }}", "amount": 3 } } ] }
            """);

        var (_, run) = await FlowApi.StartAsync(Gateway, "missing-connection", []);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        Assert.Contains("no connection named 'nowhere'", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await FlowApi.ChargesAsync(Gateway, "pay_"));
    }
}
