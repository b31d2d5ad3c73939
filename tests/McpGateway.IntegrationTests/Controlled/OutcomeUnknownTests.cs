using System.Net;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// A charge with no probe that times out mid-call: nobody can tell whether it happened. The repeat must neither run it
/// again nor claim it is still in flight: it is refused, saying the outcome is unknown, until an operator settles it.
/// </summary>
public sealed class OutcomeUnknownTests
{
    [Fact]
    public async Task ChargeWithoutProbeTimesOut_RepeatIsRefusedAsUnknown_OperatorSettlesIt_RepeatReplays()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir, chargeProbe: false), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_unknown", ["amount"] = 12, ["hang_after_charge_ms"] = 3000 };

        var (_, first) = await Rest.CallAsync(gateway, "demo__charge", args); // charge's timeout is 1s
        Assert.NotEqual("completed", first["status"]!.GetValue<string>());

        var (status, repeat) = await Rest.CallAsync(gateway, "demo__charge", args);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("blocked", repeat["status"]!.GetValue<string>());
        Assert.Contains("without knowing whether the upstream acted", repeat["error"]?.GetValue<string>() ?? repeat.ToJsonString(), StringComparison.Ordinal);

        // An operator checks the payment and says it went through: the repeat now replays, and never charges.
        var execution = first["execution_id"]!.GetValue<string>();
        var (badStatus, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/outcomes/reconcile",
            new JsonObject { ["execution_id"] = execution, ["verdict"] = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var settled = await CliRunner.RunAsync(gateway.Dir, "outcomes", "reconcile", execution,
            "--verdict", "executed", "--note", "seen in the processor's dashboard", "-o", "json", "--url", gateway.BaseUrl.ToString());
        Assert.Equal(0, settled.ExitCode);
        Assert.Equal("reconciled", JsonNode.Parse(settled.Stdout)!["status"]!.GetValue<string>());
        var (againStatus, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/outcomes/reconcile",
            new JsonObject { ["execution_id"] = execution, ["verdict"] = "executed" });
        Assert.Equal(HttpStatusCode.Conflict, againStatus); // settled once
        var (_, record) = await Rest.SendAsync(gateway, HttpMethod.Get, $"/v1/executions/{execution}");
        Assert.Equal("executed", record["settlement"]!["verdict"]!.GetValue<string>());
        Assert.Equal("seen in the processor's dashboard", record["settlement"]!["note"]!.GetValue<string>());
        Assert.Equal("operator", record["settlement"]!["by"]!.GetValue<string>());

        var (_, replay) = await Rest.CallAsync(gateway, "demo__charge", args);
        Assert.Equal("replayed", replay["status"]!.GetValue<string>());
        var charges = await Rest.ReadAsync(gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = "pay_unknown" });
        Assert.Equal(1, charges["charges"]!.GetValue<int>());
    }
}
