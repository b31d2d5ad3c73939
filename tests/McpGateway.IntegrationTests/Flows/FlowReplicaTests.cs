using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Npgsql;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// Two gateway processes on one PostgreSQL database (the scale-out setup): runs started on either replica are each
/// executed once, and every charge happens exactly once.
/// </summary>
public sealed class FlowReplicaTests
{
    [PostgresFact]
    public async Task TwoReplicasOnePostgres_RunsFromBoth_EachChargedOnce()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "mcpgw_it_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            // The subject is exactly-once across replicas, not timeouts: the demo charge's 1 s timeout, which 40 runs on two
            // replicas sharing 2 cores with the rest of a test run can exceed, would fail a run for the machine's load.
            string Config(string instance) => ControlledConfigs.Demo(stateDir)
                .Replace("  auth: none", $"  auth: none\n  storage: postgres\n  postgres: \"{connection}\"\n  instance_id: {instance}", StringComparison.Ordinal)
                .Replace("timeout: 1s", "timeout: 30s", StringComparison.Ordinal);
            await using var a = await GatewayProcess.StartAsync(Config("replica-a"), "demo");
            await FlowApi.ImportAsync(a, FlowApi.ChargeFlow("replica-charge"));
            await using var b = await GatewayProcess.StartAsync(Config("replica-b"), "demo");

            const int Runs = 40;
            var started = await Task.WhenAll(Enumerable.Range(0, Runs).Select(i =>
                FlowApi.StartAsync(i % 2 == 0 ? a : b, "replica-charge", new JsonObject { ["payment_id"] = $"pay_rep_{i}", ["amount"] = i + 1 }, wait: false)));

            Assert.All(started, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
            await a.WaitUntilAsync(async () =>
            {
                var (_, page) = await Rest.SendAsync(a, HttpMethod.Get, "/v1/runs?flow=replica-charge&status=SUCCEEDED&limit=500");
                return page["data"]!.AsArray().Count == Runs;
            }, $"{Runs} runs to succeed", 120);
            for (var i = 0; i < Runs; i++)
            {
                Assert.Equal(1, await FlowApi.ChargesAsync(a, $"pay_rep_{i}"));
            }

            var (_, fromB) = await Rest.SendAsync(b, HttpMethod.Get, $"/v1/runs/{started[0].Body["id"]!.GetValue<string>()}");
            Assert.Equal("SUCCEEDED", fromB["status"]!.GetValue<string>());
            await using var client = await b.ConnectAsync();
            await b.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == "flow__replica-charge"), "replica b to list the flow tool");
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
