using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// A gateway that stops after claiming an approval (status deciding) but before the thawed call took the key left the
/// approval in deciding for ever. The restarted gateway reopens it, so an approver can decide it, and it runs once.
/// </summary>
public sealed class StuckApprovalTests
{
    [Fact]
    public async Task ClaimLeftByAStoppedGateway_IsReopened_ThenApprovedRunsOnce()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var environment = new Dictionary<string, string> { ["Approvals__StuckAfter"] = "00:00:01" };
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path), environment, "demo");
        var args = new JsonObject { ["invoice_id"] = "inv_2", ["status"] = "paid" };
        var (_, pending) = await Rest.CallAsync(gateway, "demo__set_invoice", args);
        var id = pending["gateway"]!["approval_id"]!.GetValue<string>();
        gateway.Kill();

        // What the stopped gateway left: its claim, taken a minute ago; the thawed call never started.
        ClaimInDatabase(Path.Combine(gateway.Dir, "data", "mcpgw.db"), id, DateTimeOffset.UtcNow.AddMinutes(-1));
        await gateway.RestartAsync("demo");
        await gateway.WaitUntilAsync(async () =>
        {
            var (_, approval) = await Rest.SendAsync(gateway, HttpMethod.Get, $"/v1/approvals/{id}");
            return approval["status"]!.GetValue<string>() == "pending";
        }, "the stuck approval to be reopened", 30);

        var (status, decision) = await Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject { ["approver"] = "ann" });

        Assert.True(status == HttpStatusCode.OK, decision.ToJsonString());
        Assert.True(decision["decision"]!.GetValue<string>() == "executed", decision.ToJsonString());
        var invoice = await Rest.ReadAsync(gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_2" });
        Assert.Equal("paid", invoice["status"]!.GetValue<string>());
        var (_, repeat) = await Rest.CallAsync(gateway, "demo__set_invoice", args);
        Assert.Equal("replayed", repeat["status"]!.GetValue<string>());
    }

    private static void ClaimInDatabase(string file, string approvalId, DateTimeOffset claimedAt)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE approvals SET status = 'deciding', decided_by = 'ann', decided_at = $at WHERE id = $id AND status = 'pending'";
        command.Parameters.AddWithValue("$at", claimedAt.ToUnixTimeMilliseconds() * 1000);
        command.Parameters.AddWithValue("$id", approvalId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
