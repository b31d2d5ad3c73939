using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Microsoft.Data.Sqlite;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// A flow stored by an older build with a 150,000-term router condition used to kill the gateway when its run reached
/// the router, and again on every restart (the run resumed). Now the run fails naming the limit and the gateway serves.
/// </summary>
public sealed class FlowLimitTests
{
    [Fact]
    public async Task StoredRouterConditionOverTheLimit_RunResumedAfterRestart_FailsAndTheGatewayKeepsServing()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await FlowApi.ImportAsync(gateway, """
            { "name": "old-router", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "nap", "type": "delay", "duration": "1h", "next": "route" },
                { "key": "route", "type": "router", "routes": [ { "when": "inputs.a", "next": ["x"] } ], "default": ["x"] },
                { "key": "x", "type": "transform", "value": 1 } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(gateway, "old-router", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await FlowApi.WaitForStatusAsync(gateway, runId, "PAUSED");

        // What an older build let through: the stored version's condition becomes 150,000 terms, and the run is due.
        gateway.Kill();
        StoreOversizedCondition(gateway, runId);
        await gateway.RestartAsync("demo");

        var run = await FlowApi.WaitForStatusAsync(gateway, runId, "FAILED", 90);
        var error = run["error"]!.GetValue<string>();
        Assert.StartsWith("Version 1 of flow old-router is not valid and cannot run: steps[1] (route).routes[0].when: at 16384:", error, StringComparison.Ordinal);
        Assert.Contains("the limit is 16384 characters", error, StringComparison.Ordinal);
        Assert.True(error.Length < 1_000, error);
        var (status, problem) = await FlowApi.StartAsync(gateway, "old-router", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("the limit is 16384 characters", problem["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertServingAsync(gateway);

        gateway.Kill();
        await gateway.RestartAsync("demo");

        Assert.Equal("FAILED", (await FlowApi.GetRunAsync(gateway, runId))["status"]!.GetValue<string>());
        await AssertServingAsync(gateway);
    }

    private static void StoreOversizedCondition(GatewayProcess gateway, string runId)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(gateway.Dir, "data", "flows.db"), Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        string flowId;
        JsonObject definition;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT v.flow_id, v.definition FROM flow_versions v JOIN flows f ON f.id = v.flow_id WHERE f.name = 'old-router' AND v.number = 1";
            using var reader = read.ExecuteReader();
            Assert.True(reader.Read());
            flowId = reader.GetString(0);
            definition = JsonNode.Parse(reader.GetString(1))!.AsObject();
        }

        definition["steps"]![1]!["routes"]![0]!["when"] = string.Join(" or ", Enumerable.Repeat("inputs.a", 150_000));
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE flow_versions SET definition = $definition WHERE flow_id = $flow AND number = 1; UPDATE flow_runs SET wake_at = 0 WHERE id = $run";
        write.Parameters.AddWithValue("$definition", definition.ToJsonString());
        write.Parameters.AddWithValue("$flow", flowId);
        write.Parameters.AddWithValue("$run", runId);
        Assert.Equal(2, write.ExecuteNonQuery());
    }

    private static async Task AssertServingAsync(GatewayProcess gateway)
    {
        var (status, body) = await Rest.CallAsync(gateway, "demo__echo", new JsonObject { ["text"] = "still here" });
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
    }
}
