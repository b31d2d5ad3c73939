using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>kill -9 of the gateway in the middle of a charge: on restart the open record is reconciled and nothing is charged twice.</summary>
public sealed class CrashReconcileTests
{
    [Fact]
    public async Task KillNineDuringCharge_RestartReconciles_NoSecondCharge()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_crash", ["amount"] = 99, ["hang_after_charge_ms"] = 60_000 };
        _ = Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-crash");
        await gateway.WaitUntilAsync(async () => (await Charges(gateway)) == 1, "the upstream to record the charge");
        Assert.Contains(await JournalTests.ReadRowsAsync(gateway, "demo__charge"), r => r.Status == "running");

        gateway.Kill();
        await gateway.RestartAsync("demo");
        await gateway.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(gateway, "demo__charge")).All(r => r.Status != "running"), "reconciliation");

        var row = Assert.Single(await JournalTests.ReadRowsAsync(gateway, "demo__charge"));
        Assert.Equal("reconciled", row.Status);
        var (_, again) = await Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-crash");
        Assert.Equal("replayed", again["status"]!.GetValue<string>());
        Assert.Equal(1, await Charges(gateway));
    }

    private static async Task<int> Charges(GatewayProcess gateway) =>
        (await Rest.ReadAsync(gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = "pay_crash" }))["charges"]!.GetValue<int>();
}
