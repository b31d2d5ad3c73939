using Microsoft.Data.Sqlite;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>The durable journal as seen from outside: the SQLite file the running gateway writes.</summary>
public sealed class JournalTests
{
    [Fact]
    public async Task Call_IsJournaledWithOutcomeAndTrace_SecretsRedacted()
    {
        var env = new Dictionary<string, string> { ["DEMO_TOKEN"] = "s3cr3t-value-42" };
        var yaml = TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${env:DEMO_TOKEN}\"\n");
        await using var gateway = await GatewayProcess.StartAsync(yaml, env, "demo");
        await using var client = await gateway.ConnectAsync();

        var echoed = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "token is s3cr3t-value-42" });
        var fromEnv = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = "DEMO_TOKEN" });

        Assert.Equal("s3cr3t-value-42", Assert.IsType<TextContentBlock>(fromEnv.Content[0]).Text);
        var rows = await ReadRowsAsync(gateway, "demo__echo");
        var row = Assert.Single(rows);
        Assert.Equal("completed", row.Status);
        Assert.Equal("demo", row.Connector);
        Assert.DoesNotContain("s3cr3t", row.Arguments, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", row.Arguments, StringComparison.Ordinal);
        Assert.Contains("\"upstream\"", row.Trace, StringComparison.Ordinal);
        Assert.NotEqual(true, echoed.IsError);
    }

    [Fact]
    public async Task KillNineMidCall_RecordSurvivesAndIsMarkedUnknownOnRestart()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();
        _ = client.CallToolAsync("demo__sleep", new Dictionary<string, object?> { ["ms"] = 60_000 }).AsTask();
        await gateway.WaitUntilAsync(async () => (await ReadRowsAsync(gateway, "demo__sleep")).Any(r => r.Status == "running"), "the open record");

        gateway.Kill();
        await gateway.RestartAsync("demo");
        await gateway.WaitUntilAsync(async () => (await ReadRowsAsync(gateway, "demo__sleep")).All(r => r.Status != "running"), "reconciliation of the open record");

        var row = Assert.Single(await ReadRowsAsync(gateway, "demo__sleep"));
        Assert.Equal("unknown", row.Status);
        Assert.Contains("unknown", row.Error, StringComparison.Ordinal);
    }

    internal static async Task<List<(string Status, string? Connector, string Arguments, string? Trace, string? Error)>> ReadRowsAsync(GatewayProcess gateway, string tool)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(gateway.Dir, "data", "mcpgw.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, connector, arguments_json, trace_json, error FROM executions WHERE tool = $tool";
        command.Parameters.AddWithValue("$tool", tool);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?, string, string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}
