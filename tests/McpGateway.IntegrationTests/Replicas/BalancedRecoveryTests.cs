using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// Exactly once with three replicas behind HAProxy (round robin, no stickiness) on one PostgreSQL database: a replica
/// started while another has a charge in flight leaves it alone, and what a replica killed with <c>kill -9</c> held
/// (an in-flight key, an approval it was carrying out, a flow run's tool step) is settled by a survivor, once.
/// </summary>
public sealed class BalancedRecoveryTests(ITestOutputHelper output)
{
    // Survivors share the host, so they see the killed replica gone by its pid at their next round (every second with
    // instance_expiry 6s); the bound leaves room for the probes on a loaded machine. The measured time is printed.
    private const int SettleSeconds = 30;

    [ReplicaFact]
    public async Task ChargeInFlight_ReplicaStartedMeanwhile_ThenHolderKilled_ThroughBalancer_EachChargedOnce()
    {
        // One instance_id for every replica, as operators configured it: each start still gets an id of its own.
        await using var set = await ReplicaSet.StartAsync(3, balanced: true, started: 2,
            configure: config => config.Replace("  storage: postgres", "  instance_id: gw\n  storage: postgres", StringComparison.Ordinal));
        var slow = new JsonObject { ["payment_id"] = "pay_lb_slow", ["amount"] = 4, ["delay_ms"] = 10_000 };
        var call = set.CallAsync("demo__charge", slow);
        await set.Replicas[0].WaitUntilAsync(async () => (await set.HoldersAsync("demo__charge")).Count == 1, "the charge to start");

        await set.StartLateAsync();
        var (status, first) = await call;
        Assert.True(status == HttpStatusCode.OK, first.ToJsonString());
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("replayed", (await set.CallAsync("demo__charge", slow)).Body["status"]!.GetValue<string>());
        }

        var hung = new JsonObject { ["payment_id"] = "pay_lb_dead", ["amount"] = 6, ["hang_after_charge_ms"] = 60_000 };
        _ = set.CallAsync("demo__charge", hung);
        await set.Replicas[0].WaitUntilAsync(async () => set.Charges().ContainsKey("pay_lb_dead") && (await set.HoldersAsync("demo__charge")).Count == 1,
            "the second charge to be made and held");
        var holder = Assert.Single(await set.HoldersAsync("demo__charge"));
        var clock = Stopwatch.StartNew();
        set.Kill(holder);

        var survivor = set.Replicas[(holder + 1) % 3];
        await survivor.WaitUntilAsync(async () => (await set.HoldersAsync("demo__charge")).Count == 0, "a survivor to settle the killed replica's charge", SettleSeconds);
        output.WriteLine($"killed replica {holder}; its charge was settled {clock.ElapsedMilliseconds} ms later");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("replayed", (await set.CallAsync("demo__charge", hung)).Body["status"]!.GetValue<string>());
        }

        Assert.Equal(1, set.Charges()["pay_lb_slow"]);
        Assert.Equal(1, set.Charges()["pay_lb_dead"]);
    }

    [ReplicaFact]
    public async Task KeyApprovalAndFlowStepHeldByKilledReplica_ThroughBalancer_SurvivorSettlesEachOnce_RunCompletes()
    {
        // StuckAfter stays at its default (10 minutes): the survivor acts on the dead replica's id, not on age.
        await using var set = await ReplicaSet.StartAsync(3, balanced: true, configure: config => config
            .Replace("timeout: 30s", "timeout: 120s", StringComparison.Ordinal)
            .Replace("  storage: postgres", "  instance_expiry: 6s\n  storage: postgres", StringComparison.Ordinal)
            .Replace("  rules:\n",
                "  rules:\n    - when: \"tool == 'demo__charge' and args.amount == 77\"\n      action: require_approval\n      reason: \"large charges need a human\"\n",
                StringComparison.Ordinal));

        // What it will hold is sent to the victim itself, so that one kill takes all three; everything after goes through HAProxy.
        var victim = set.Replicas[0];
        var keyed = new JsonObject { ["payment_id"] = "pay_lb_key", ["amount"] = 5, ["hang_after_charge_ms"] = 120_000 };
        _ = Rest.CallAsync(victim, "demo__charge", keyed, idempotencyKey: "order-lb-key");

        var approvalArgs = new JsonObject { ["payment_id"] = "pay_lb_approval", ["amount"] = 77, ["hang_after_charge_ms"] = 120_000 };
        var (frozen, pending) = await Rest.CallAsync(victim, "demo__charge", approvalArgs);
        Assert.True(frozen == HttpStatusCode.Accepted, pending.ToJsonString());
        var approval = pending["gateway"]!["approval_id"]!.GetValue<string>();
        _ = Rest.SendAsync(victim, HttpMethod.Post, $"/v1/approvals/{approval}/approve", new JsonObject { ["approver"] = "ann" });

        await FlowApi.ImportAsync(victim, """
            { "name": "lb-dead-charge", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge",
                  "args": { "payment_id": "pay_lb_flow", "amount": 3, "hang_after_charge_ms": 120000 } },
                { "key": "confirm", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "pay_lb_flow" } } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(victim, "lb-dead-charge", [], wait: false);
        var runId = started["id"]!.GetValue<string>();

        string[] payments = ["pay_lb_key", "pay_lb_approval", "pay_lb_flow"];
        await set.Replicas[1].WaitUntilAsync(async () => payments.All(set.Charges().ContainsKey) && (await set.HoldersAsync("demo__charge")).Count == 3,
            "the three charges to be made and held");
        Assert.All(await set.HoldersAsync("demo__charge"), holder => Assert.Equal(0, holder));
        Assert.Equal("deciding", (await set.SendAsync(HttpMethod.Get, $"/v1/approvals/{approval}")).Body["status"]!.GetValue<string>());

        var clock = Stopwatch.StartNew();
        set.Kill(0);

        JsonNode run = new JsonObject();
        await set.Replicas[1].WaitUntilAsync(async () =>
        {
            var key = (await set.CallAsync("demo__charge", keyed, idempotencyKey: "order-lb-key")).Body["status"]?.GetValue<string>();
            var decided = (await set.SendAsync(HttpMethod.Get, $"/v1/approvals/{approval}")).Body["status"]?.GetValue<string>();
            run = (await set.SendAsync(HttpMethod.Get, $"/v1/runs/{runId}")).Body;
            return key == "replayed" && decided == "executed" && run["status"]?.GetValue<string>() == "SUCCEEDED";
        }, "the survivors to settle the key, finish the approval and complete the run", SettleSeconds);
        output.WriteLine($"key, approval and flow step of the killed replica settled, and the run completed, {clock.ElapsedMilliseconds} ms after the kill");

        Assert.Equal(1, FlowApi.Node(run, "confirm")["output"]!["charges"]!.GetValue<int>());
        var (again, _) = await set.SendAsync(HttpMethod.Post, $"/v1/approvals/{approval}/approve", new JsonObject { ["approver"] = "bob" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.All(payments, p => Assert.Equal(1, set.Charges()[p]));
        Assert.Equal(0L, await set.ScalarAsync<long>("SELECT COUNT(*) FROM executions WHERE status = 'running'"));
    }
}
