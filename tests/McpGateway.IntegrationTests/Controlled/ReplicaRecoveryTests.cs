using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Flows;
using Npgsql;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Replicas on one PostgreSQL database, configured with one <c>instance_id</c> as operators did: a replica that starts
/// while another has a charge in flight leaves it alone, and a replica killed mid-charge is recovered by the survivor.
/// </summary>
public sealed class ReplicaRecoveryTests
{
    [PostgresFact]
    public async Task ReplicaStartsDuringCharge_ThenTheChargingReplicaIsKilled_SurvivorSettlesItOnce()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "mcpgw_it_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        using var state = new TempDirectory("mcpgw-upstream-");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            var config = ControlledConfigs.Demo(state.Path).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal).Replace("  auth: none",
                $"  auth: none\n  storage: postgres\n  postgres: \"{connection}\"\n  instance_id: gw", StringComparison.Ordinal);
            await using var a = await GatewayProcess.StartAsync(config, "demo");
            var slow = new JsonObject { ["payment_id"] = "pay_rep_slow", ["amount"] = 4, ["delay_ms"] = 10_000 };
            var call = Rest.CallAsync(a, "demo__charge", slow);
            await a.WaitUntilAsync(async () => await OpenChargesAsync(connection) == 1, "the charge to start");

            await using var b = await GatewayProcess.StartAsync(config, "demo");
            var (status, first) = await call;
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("completed", first["status"]!.GetValue<string>());
            Assert.Equal("replayed", (await Rest.CallAsync(b, "demo__charge", slow)).Body["status"]!.GetValue<string>());
            Assert.Equal(1, await FlowApi.ChargesAsync(a, "pay_rep_slow"));

            var hung = new JsonObject { ["payment_id"] = "pay_rep_dead", ["amount"] = 6, ["hang_after_charge_ms"] = 60_000 };
            _ = Rest.CallAsync(a, "demo__charge", hung);
            await a.WaitUntilAsync(async () => await FlowApi.ChargesAsync(a, "pay_rep_dead") == 1, "the second charge");
            a.Kill();

            await b.WaitUntilAsync(async () => await OpenChargesAsync(connection) == 0, "the survivor to settle the dead replica's call");
            var (_, again) = await Rest.CallAsync(b, "demo__charge", hung);
            Assert.Equal("replayed", again["status"]!.GetValue<string>());
            Assert.Equal(1, await FlowApi.ChargesAsync(b, "pay_rep_dead"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task<long> OpenChargesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM executions WHERE tool = 'demo__charge' AND status = 'running'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
