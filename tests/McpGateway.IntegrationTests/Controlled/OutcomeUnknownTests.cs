using System.Net;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// A charge with no probe that times out mid-call: nobody can tell whether it happened. The repeat must neither run it
/// again nor claim it is still in flight: it is refused, saying the outcome is unknown.
/// </summary>
public sealed class OutcomeUnknownTests
{
    [Fact]
    public async Task ChargeWithoutProbeTimesOut_RepeatIsRefusedAsUnknown_AndNothingChargesTwice()
    {
        var stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir, chargeProbe: false), "demo");
            var args = new JsonObject { ["payment_id"] = "pay_unknown", ["amount"] = 12, ["hang_after_charge_ms"] = 3000 };

            var (_, first) = await Rest.CallAsync(gateway, "demo__charge", args); // charge's timeout is 1s
            Assert.NotEqual("completed", first["status"]!.GetValue<string>());

            var (status, repeat) = await Rest.CallAsync(gateway, "demo__charge", args);

            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("blocked", repeat["status"]!.GetValue<string>());
            Assert.Contains("without knowing whether the upstream acted", repeat["error"]?.GetValue<string>() ?? repeat.ToJsonString(), StringComparison.Ordinal);
            var charges = await Rest.ReadAsync(gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = "pay_unknown" });
            Assert.Equal(1, charges["charges"]!.GetValue<int>());
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }
}
