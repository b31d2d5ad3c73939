using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Npgsql;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// Two gateway processes on one PostgreSQL database: a run executing on one replica is paused and resumed through the
/// other, and the other's event stream follows it.
/// </summary>
public sealed class FlowRunReplicaTests
{
    [PostgresFact]
    public async Task PauseResumeAndEvents_ThroughTheReplicaNotHoldingTheRun_HolderHonoursThemAndEventsArrive()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "mcpgw_it_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            string Config(string instance) => ControlledConfigs.Demo(stateDir)
                .Replace("  auth: none", $"  auth: none\n  storage: postgres\n  postgres: \"{connection}\"\n  instance_id: {instance}", StringComparison.Ordinal);
            await using var a = await GatewayProcess.StartAsync(Config("replica-a"), "demo");
            await FlowApi.ImportAsync(a, """
                { "name": "replica-pause", "status": "ENABLED", "publish": true,
                  "steps": [
                    { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 3000 } },
                    { "key": "after", "type": "transform", "value": { "done": true } } ] }
                """);
            await using var b = await GatewayProcess.StartAsync(Config("replica-b"), "demo");
            var (_, started) = await FlowApi.StartAsync(a, "replica-pause", [], wait: false);
            var runId = started["id"]!.GetValue<string>();
            string? holder = null;
            await a.WaitUntilAsync(async () =>
            {
                holder = await LeaseOwnerAsync(connection, runId);
                return holder is not null && (await FlowApi.GetRunAsync(a, runId))["nodes"]!.AsArray()
                    .Any(n => n!["step"]!.GetValue<string>() == "slow" && n["status"]!.GetValue<string>() == "RUNNING");
            }, "a replica to run the slow step");
            var other = holder!.StartsWith("replica-a", StringComparison.Ordinal) ? b : a;
            var events = RunEventReader.ReadAllAsync(other.Http, other.Url($"/v1/runs/{runId}/events"), 120);

            var (paused, body) = await Rest.SendAsync(other, HttpMethod.Post, $"/v1/runs/{runId}/pause", new JsonObject { ["by"] = "frank" });

            Assert.True(paused == HttpStatusCode.Accepted, body.ToJsonString());
            var run = await FlowApi.WaitForStatusAsync(other, runId, "PAUSED");
            Assert.Equal("SUCCEEDED", FlowApi.Node(run, "slow")["status"]!.GetValue<string>());
            Assert.DoesNotContain(run["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "after");
            var (resumed, _) = await Rest.SendAsync(other, HttpMethod.Post, $"/v1/runs/{runId}/resume");
            Assert.Equal(HttpStatusCode.Accepted, resumed);
            await FlowApi.WaitForStatusAsync(a, runId, "SUCCEEDED");
            var (_, seen) = await events;
            var names = seen.Select(e => e.Name == "node" ? $"{e.Data["step"]}:{e.Data["status"]}" : $"{e.Name}:{e.Data["status"]}").ToList();
            Assert.Contains("slow:SUCCEEDED", names);
            Assert.Contains("after:SUCCEEDED", names);
            Assert.Contains(seen, e => e.Name == "status" && e.Data["pause_reason"]?.GetValue<string>() == "paused by frank");
            Assert.Equal("status:SUCCEEDED", names[^1]);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task<string?> LeaseOwnerAsync(string connectionString, string runId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM flow_runs WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", runId);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
