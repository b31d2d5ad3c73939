using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Earlier versions kept SQLite idempotency keys in <c>data/idempotency.db</c>; now the journal writes them in its own
/// file. A gateway started on an old data directory moves the keys over, so a completed charge still replays.
/// </summary>
public sealed class IdempotencyUpgradeTests
{
    [Fact]
    public async Task KeysInTheOldFile_AreMovedOnStart_AndARepeatIsReplayed()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_upgrade", ["amount"] = 5 };
        var (_, first) = await Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-upgrade");
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        gateway.Kill();

        // Lay the data directory out as an earlier version left it: the keys in a file of their own.
        var data = Path.Combine(gateway.Dir, "data");
        MoveKeysToOldFile(Path.Combine(data, "mcpgw.db"), Path.Combine(data, "idempotency.db"));

        await gateway.RestartAsync("demo");
        var (_, again) = await Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-upgrade");

        Assert.Equal("replayed", again["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(data, "idempotency.db.imported")));
        Assert.False(File.Exists(Path.Combine(data, "idempotency.db")));
        var charges = await Rest.ReadAsync(gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = "pay_upgrade" });
        Assert.Equal(1, charges["charges"]!.GetValue<int>());
    }

    private static void MoveKeysToOldFile(string journalFile, string oldFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journalFile, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"ATTACH DATABASE '{oldFile}' AS old");
        // Those versions completed a key in its own row; this one keeps the completion in the execution's row.
        Execute(connection, """
            CREATE TABLE old.idempotency_keys AS
            SELECT k.key, k.fingerprint, k.execution_id,
                   CASE WHEN e.idempotency_result IS NULL THEN k.state ELSE 'completed' END AS state, k.approval_id,
                   COALESCE(e.idempotency_outcome, k.outcome_status) AS outcome_status,
                   COALESCE(e.idempotency_result, k.result_json) AS result_json, k.created_at, k.expires_at
            FROM main.idempotency_keys k LEFT JOIN main.executions e ON e.execution_id = k.execution_id
            """);
        Execute(connection, "UPDATE main.executions SET idempotency_outcome = NULL, idempotency_result = NULL");
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM old.idempotency_keys WHERE key = 'charge:pay_upgrade' AND state = 'completed'"));
        Execute(connection, "DELETE FROM main.idempotency_keys");
        Execute(connection, "DETACH DATABASE old");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
