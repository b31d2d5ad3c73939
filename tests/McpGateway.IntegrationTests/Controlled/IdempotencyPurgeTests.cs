using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>Expired idempotency keys are deleted in the background, not kept forever.</summary>
public sealed class IdempotencyPurgeTests
{
    [Fact]
    public async Task ExpiredKey_IsDeletedFromTheDatabase()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir, policyExtra: "idempotency_window: 2s"), "demo");
        var (_, first) = await Rest.CallAsync(gateway, "demo__charge", new JsonObject { ["payment_id"] = "pay_purge", ["amount"] = 3 }, idempotencyKey: "order-purge");
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal(1L, CountKeys(gateway)); // stored when the call completed, under the tool's template key

        // The window is 2 s and the purger runs every second: the key goes soon after it expires.
        await gateway.WaitUntilAsync(() => Task.FromResult(CountKeys(gateway) == 0), "the expired key to be purged");
    }

    private static long CountKeys(GatewayProcess gateway)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(gateway.Dir, "data", "mcpgw.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency_keys WHERE key = 'charge:pay_purge'";
        return (long)command.ExecuteScalar()!;
    }
}
