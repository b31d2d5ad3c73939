using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Pausing for approval (approve, reject), cancelling a paused run, and retrying a failed run from its failed step.</summary>
public sealed class FlowControlTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private const string ApproveThenCharge = """
        { "name": "control-approve", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "payment_id": { "type": "string" }, "amount": { "type": "number" } } },
          "steps": [
            { "key": "ask", "type": "approval", "message": "Charge {{ inputs.amount }} for {{ inputs.payment_id }}?" },
            { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{ inputs.payment_id }}", "amount": "{{ inputs.amount }}" } } ],
          "output": { "approved_by": "{{ steps.ask.output.by }}", "charge": "{{ steps.charge.output.charge_id }}" } }
        """;

    [Fact]
    public async Task ApprovalStep_Approved_RunResumesAndCharges()
    {
        await FlowApi.ImportAsync(Gateway, ApproveThenCharge);
        var (status, started) = await FlowApi.StartAsync(Gateway, "control-approve", new JsonObject { ["payment_id"] = "pay_ctl_ok", ["amount"] = 40 });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("PAUSED", started["status"]!.GetValue<string>());
        var runId = started["id"]!.GetValue<string>();
        var approvalId = FlowApi.Node(await FlowApi.GetRunAsync(Gateway, runId), "ask")["approval_id"]!.GetValue<string>();
        var (_, pending) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/approvals?status=pending");
        Assert.Contains(pending["data"]!.AsArray(), a => a!["id"]!.GetValue<string>() == approvalId);
        var (shown, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}?live=true");
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Equal("flow__control-approve", approval["tool"]!.GetValue<string>());
        Assert.Contains("Charge 40 for pay_ctl_ok?", approval.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await FlowApi.ChargesAsync(Gateway, "pay_ctl_ok"));

        var (approved, decision) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{approvalId}/approve", new JsonObject { ["approver"] = "alice" });
        Assert.True(approved == HttpStatusCode.OK, decision.ToJsonString());

        var run = await FlowApi.WaitForStatusAsync(Gateway, runId, "SUCCEEDED");
        Assert.NotNull(run["outputs"]!["charge"]);
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_ctl_ok"));
    }

    [Fact]
    public async Task ApprovalStep_Rejected_RunFailsAndNothingCharged()
    {
        await FlowApi.ImportAsync(Gateway, ApproveThenCharge);
        var (_, started) = await FlowApi.StartAsync(Gateway, "control-approve", new JsonObject { ["payment_id"] = "pay_ctl_no", ["amount"] = 41 });
        var runId = started["id"]!.GetValue<string>();
        var approvalId = FlowApi.Node(await FlowApi.GetRunAsync(Gateway, runId), "ask")["approval_id"]!.GetValue<string>();

        var (rejected, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{approvalId}/reject", new JsonObject { ["reason"] = "not today" });

        Assert.Equal(HttpStatusCode.OK, rejected);
        var run = await FlowApi.WaitForStatusAsync(Gateway, runId, "FAILED");
        Assert.Contains("step 'ask' failed", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(run["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "charge");

        // Once in CI (not reproduced since) a charge was found here: say everything the run and the approval knew.
        var charges = await FlowApi.ChargesAsync(Gateway, "pay_ctl_no");
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}");
        Assert.True(charges == 0, $"{charges} charge(s) after a rejected approval. Run: {run.ToJsonString()}\nApproval: {approval.ToJsonString()}");
    }

    [Fact]
    public async Task Cancel_PausedOnDelay_EndsCanceled_AndSecondCancelConflicts()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "control-delay", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "nap", "type": "delay", "duration": "1h" }, { "key": "after", "type": "transform", "value": {} } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(Gateway, "control-delay", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await FlowApi.WaitForStatusAsync(Gateway, runId, "PAUSED");

        var (cancelled, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/cancel");

        Assert.Equal(HttpStatusCode.OK, cancelled);
        var run = await FlowApi.WaitForStatusAsync(Gateway, runId, "CANCELED");
        Assert.DoesNotContain(run["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "after" && n["status"]!.GetValue<string>() == "SUCCEEDED");
        var (again, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, again);
    }

    [Fact]
    public async Task RetryFromFailed_FlakyAfterCharge_ContinuesWithoutChargingAgain()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "control-retry", "status": "ENABLED", "publish": true,
              "inputs": { "type": "object", "properties": { "payment_id": { "type": "string" } } },
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{ inputs.payment_id }}", "amount": 7 } },
                { "key": "notify", "type": "tool", "tool": "demo__flaky", "args": { "n": 1, "key": "{{ run.id }}" } } ],
              "output": { "notified": "{{ steps.notify.output }}" } }
            """);
        var (_, failed) = await FlowApi.StartAsync(Gateway, "control-retry", new JsonObject { ["payment_id"] = "pay_ctl_retry" });
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        var runId = failed["id"]!.GetValue<string>();

        var (status, retried) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/retry", new JsonObject { ["mode"] = "from_failed" });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(runId, retried["id"]!.GetValue<string>());
        var run = await FlowApi.WaitForStatusAsync(Gateway, runId, "SUCCEEDED");
        Assert.Equal("ok after 2 attempts", run["outputs"]!["notified"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_ctl_retry"));
        var (again, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/retry", new JsonObject { ["mode"] = "from_failed" });
        Assert.Equal(HttpStatusCode.Conflict, again);
    }
}
