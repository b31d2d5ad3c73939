using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// Replicas on one PostgreSQL database: starting together, they import <c>flows/</c> once (no duplicate versions), and
/// with <c>auth: keys</c> a cron trigger fires once per tick across three behind HAProxy, as its own trigger identity.
/// </summary>
public sealed class ReplicaStartTests
{
    private const int Files = 20;

    [PostgresFact]
    public async Task TwoReplicasStartingTogether_ImportTheFlowsDirOnce_OneVersionPerFile()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        using var flows = new TempDirectory("mcpgw-flows-");
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(flows.Path, $"together-{i}.yaml"),
                $"name: together-{i}\nstatus: ENABLED\nfolder: shared\nsteps:\n  - key: t\n    type: transform\n    value: {{ n: {i} }}\n");
        }

        var config = ControlledConfigs.Demo(state.Path)
            .Replace("  auth: none", $"  auth: none\n{database.GatewayLines()}\n  flows_dir: \"{flows.Path}\"", StringComparison.Ordinal);
        var started = await Task.WhenAll(GatewayProcess.StartAsync(config, "demo"), GatewayProcess.StartAsync(config, "demo"));
        await using var a = started[0];
        await using var b = started[1];

        Assert.Equal((long)Files, await database.ScalarAsync<long>("SELECT COUNT(*) FROM flow_versions"));
        Assert.Equal((long)Files, await database.ScalarAsync<long>("SELECT COUNT(*) FROM flows"));
        var (_, one) = await Rest.SendAsync(b, HttpMethod.Get, "/v1/flows/together-7/versions/latest");
        Assert.Equal(1, one["number"]?.GetValue<int>() ?? one["version"]!.GetValue<int>());
    }

    [ReplicaFact]
    public async Task CronOnThreeReplicasUnderKeys_ThroughBalancer_EachTickStartsOneRunAsTheTrigger()
    {
        await using var set = await ReplicaSet.StartAsync(3, balanced: true, auth: "keys");
        var admin = await ApiKeys.CreateAsync(set.Replicas[0], "cron-admin", "cron-admin-agent", "admin");

        var (imported, body) = await set.SendAsync(HttpMethod.Post, "/v1/flows/import", JsonNode.Parse("""
            { "name": "every-second", "status": "ENABLED", "publish": true,
              "trigger": { "type": "cron", "cron": "* * * * * ?" },
              "steps": [ { "key": "look", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "pay_cron_replicas" } } ] }
            """), apiKey: admin);
        Assert.True(imported is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Created, body.ToJsonString());
        await set.Replicas[0].WaitUntilAsync(async () => await set.ScalarAsync<long>(
            "SELECT COUNT(*) FROM flow_runs WHERE origin = 'CRON' AND status = 'SUCCEEDED'") >= 5, "five cron runs to succeed", 60);
        await set.SendAsync(HttpMethod.Post, "/v1/flows/every-second/operations", new JsonObject { ["type"] = "disable" }, apiKey: admin);
        await set.Replicas[0].WaitUntilAsync(async () => await set.ScalarAsync<long>(
            "SELECT COUNT(*) FROM flow_runs WHERE origin = 'CRON' AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELED', 'TIMEOUT')") == 0, "the cron runs to end", 60);

        var runs = await set.ScalarAsync<long>("SELECT COUNT(*) FROM flow_runs WHERE origin = 'CRON'");
        Assert.Equal(runs, await set.ScalarAsync<long>("SELECT COUNT(DISTINCT dedup_key) FROM flow_runs WHERE origin = 'CRON'"));
        Assert.Equal(runs, await set.ScalarAsync<long>("SELECT COUNT(*) FROM flow_runs WHERE origin = 'CRON' AND status = 'SUCCEEDED'"));
        Assert.Equal(runs, await set.ScalarAsync<long>("SELECT COUNT(*) FROM flow_runs WHERE origin = 'CRON' AND agent = 'trigger:cron:every-second'"));
        Assert.Equal(runs, await set.ScalarAsync<long>("SELECT COUNT(*) FROM flow_ticks"));
    }
}
