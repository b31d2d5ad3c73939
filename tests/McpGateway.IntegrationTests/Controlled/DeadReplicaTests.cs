using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Flows;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Replicas on one PostgreSQL database: what a replica killed with <c>kill -9</c> held (an in-flight key, an approval it
/// was carrying out, a flow run's tool step) is settled by a survivor, by the dead replica's id, exactly once; nothing
/// waits for <c>Approvals:StuckAfter</c> or for a process with the dead one's id to come back.
/// </summary>
public sealed class DeadReplicaTests
{
    // The replicas share a host, so a survivor sees the killed one gone by its pid at once; the expiry only bounds a
    // survivor on another host, and is short here so a regression cannot hide behind it for long.
    private const int SettleSeconds = 30;

    [PostgresFact]
    public async Task KeyInFlightOnKilledReplica_NoProbe_SurvivorMarksItOutcomeUnknown_NotInFlight()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        var config = Config(database, state.Path, chargeProbe: false);
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await using var b = await GatewayProcess.StartAsync(config, "demo");
        var args = new JsonObject { ["payment_id"] = "pay_dead_noprobe", ["amount"] = 5, ["hang_after_charge_ms"] = 60_000 };
        _ = Rest.CallAsync(a, "demo__charge", args, idempotencyKey: "order-dead-noprobe");
        await b.WaitUntilAsync(async () => await FlowApi.ChargesAsync(b, "pay_dead_noprobe") == 1, "the charge on replica a");
        var (whileAlive, _) = await Rest.CallAsync(b, "demo__charge", args, idempotencyKey: "order-dead-noprobe");
        Assert.Equal(HttpStatusCode.Conflict, whileAlive);

        a.Kill();

        var said = "";
        await b.WaitUntilAsync(async () =>
        {
            var (_, repeat) = await Rest.CallAsync(b, "demo__charge", args, idempotencyKey: "order-dead-noprobe");
            said = repeat["error"]?.GetValue<string>() ?? repeat.ToJsonString();
            return said.Contains("without knowing whether the upstream acted", StringComparison.Ordinal);
        }, "the survivor to settle the key as outcome_unknown", SettleSeconds);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM executions WHERE tool = 'demo__charge' AND status = 'unknown'"));
        Assert.Equal(1, await FlowApi.ChargesAsync(b, "pay_dead_noprobe"));
    }

    [PostgresFact]
    public async Task ApprovalBeingCarriedOutByKilledReplica_SurvivorFinishesItByTheDeadId_ChargedOnce()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        // StuckAfter is left at its default (10 minutes): the survivor must act on the dead replica's id, not on age.
        var config = Config(database, state.Path).Replace("  rules:\n",
            "  rules:\n    - when: \"tool == 'demo__charge' and args.amount == 77\"\n      action: require_approval\n      reason: \"large charges need a human\"\n",
            StringComparison.Ordinal);
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await using var b = await GatewayProcess.StartAsync(config, "demo");
        var args = new JsonObject { ["payment_id"] = "pay_dead_approval", ["amount"] = 77, ["hang_after_charge_ms"] = 60_000 };
        var (frozen, pending) = await Rest.CallAsync(a, "demo__charge", args);
        Assert.True(frozen == HttpStatusCode.Accepted, pending.ToJsonString());
        var id = pending["gateway"]!["approval_id"]!.GetValue<string>();

        _ = Rest.SendAsync(a, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject { ["approver"] = "ann" });
        await b.WaitUntilAsync(async () => await FlowApi.ChargesAsync(b, "pay_dead_approval") == 1, "the approved charge on replica a");
        Assert.Equal("deciding", await ApprovalStatusAsync(b, id));
        a.Kill();

        await b.WaitUntilAsync(async () => await ApprovalStatusAsync(b, id) == "executed", "the survivor to finish the approval", SettleSeconds);
        var (_, approval) = await Rest.SendAsync(b, HttpMethod.Get, $"/v1/approvals/{id}");
        Assert.Equal(1, await FlowApi.ChargesAsync(b, "pay_dead_approval"));
        var (again, _) = await Rest.SendAsync(b, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject { ["approver"] = "bob" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(1, await FlowApi.ChargesAsync(b, "pay_dead_approval"));
        Assert.True(approval.ToJsonString().Contains("recovered", StringComparison.Ordinal), approval.ToJsonString());
    }

    [PostgresFact]
    public async Task FlowChargeStepInFlightOnKilledReplica_SurvivorTakesTheRunOver_StepReplaysTheReconciledCharge()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        var config = Config(database, state.Path);
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await FlowApi.ImportAsync(a, """
            { "name": "dead-replica-charge", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge",
                  "args": { "payment_id": "pay_dead_flow", "amount": 3, "hang_after_charge_ms": 60000 } },
                { "key": "confirm", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "pay_dead_flow" } } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(a, "dead-replica-charge", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await a.WaitUntilAsync(async () => await FlowApi.ChargesAsync(a, "pay_dead_flow") == 1, "the flow's charge on replica a");
        // Started after the step is in flight on a, so the run is a's alone until a dies.
        await using var b = await GatewayProcess.StartAsync(config, "demo");

        a.Kill();

        var run = await FlowApi.WaitForStatusAsync(b, runId, "SUCCEEDED", SettleSeconds + 30);
        Assert.Equal(1, FlowApi.Node(run, "confirm")["output"]!["charges"]!.GetValue<int>());
        Assert.Equal(1, await FlowApi.ChargesAsync(b, "pay_dead_flow"));
    }

    private static string Config(TempPostgresDatabase database, string stateDir, bool chargeProbe = true) =>
        ControlledConfigs.Demo(stateDir, chargeProbe: chargeProbe)
            .Replace("timeout: 1s", "timeout: 120s", StringComparison.Ordinal)
            .Replace("  auth: none", $"  auth: none\n{database.GatewayLines()}\n  instance_expiry: 6s", StringComparison.Ordinal);

    private static async Task<string> ApprovalStatusAsync(GatewayProcess gateway, string id)
    {
        var (_, approval) = await Rest.SendAsync(gateway, HttpMethod.Get, $"/v1/approvals/{id}");
        return approval["status"]!.GetValue<string>();
    }
}
