using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>kill -9 of the gateway while a flow's side-effecting step is in flight: on restart the run completes and the upstream charged once.</summary>
public sealed class FlowCrashTests
{
    [Fact]
    public async Task KillNineDuringChargeStep_Restart_RunCompletesAndChargedOnce()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal), "demo");
        await FlowApi.ImportAsync(gateway, """
            { "name": "crash-charge", "status": "ENABLED", "publish": true,
              "inputs": { "type": "object", "properties": { "payment_id": { "type": "string" } } },
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge",
                  "args": { "payment_id": "{{ inputs.payment_id }}", "amount": 31, "hang_after_charge_ms": 60000 } },
                { "key": "confirm", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "{{ inputs.payment_id }}" } } ],
              "output": { "charges": "{{ steps.confirm.output.charges }}" } }
            """);
        var (_, started) = await FlowApi.StartAsync(gateway, "crash-charge", new JsonObject { ["payment_id"] = "pay_flow_crash" }, wait: false);
        var runId = started["id"]!.GetValue<string>();
        await gateway.WaitUntilAsync(async () => await FlowApi.ChargesAsync(gateway, "pay_flow_crash") == 1, "the upstream to record the charge");

        gateway.Kill();
        await gateway.RestartAsync("demo");

        var run = await FlowApi.WaitForStatusAsync(gateway, runId, "SUCCEEDED", 90);
        Assert.Equal(1, run["outputs"]!["charges"]!.GetValue<int>());
        Assert.Equal(1, await FlowApi.ChargesAsync(gateway, "pay_flow_crash"));
    }

    [Fact]
    public async Task KillNineDuringDelay_Restart_RunResumesFromCommittedNode()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir), "demo");
        await FlowApi.ImportAsync(gateway, """
            { "name": "crash-delay", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "pay_flow_delay", "amount": 2 } },
                { "key": "nap", "type": "delay", "duration": "3s" },
                { "key": "confirm", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "pay_flow_delay" } } ],
              "output": { "charges": "{{ steps.confirm.output.charges }}" } }
            """);
        var (_, started) = await FlowApi.StartAsync(gateway, "crash-delay", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await FlowApi.WaitForStatusAsync(gateway, runId, "PAUSED");

        gateway.Kill();
        await gateway.RestartAsync("demo");

        var run = await FlowApi.WaitForStatusAsync(gateway, runId, "SUCCEEDED", 90);
        Assert.Equal(1, run["outputs"]!["charges"]!.GetValue<int>());
        Assert.Equal(1, FlowApi.Node(run, "charge")["attempts"]!.GetValue<int>());
    }
}
