using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Flows;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Each gateway process has an id per start and a heartbeat in the store: only a dead process's open calls are
/// recovered, and a call whose outcome nothing can check ends as outcome_unknown, which an operator can settle.
/// </summary>
public sealed class InstanceRecoveryTests
{
    [Fact]
    public async Task SecondProcessOnOneStore_StartsDuringCharge_LeavesTheLiveCallAlone_ChargedOnce()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var serve = await GatewayProcess.StartAsync(
            ControlledConfigs.Demo(state.Path).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_beside", ["amount"] = 7, ["delay_ms"] = 10_000 };
        var call = Rest.CallAsync(serve, "demo__charge", args, idempotencyKey: "order-beside");
        await serve.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(serve, "demo__charge")).Any(r => r.Status == "running"), "the charge to start");

        // A second process on the same SQLite file (as `mcpgw stdio` beside `mcpgw serve`) while the charge waits to
        // run: it must not take the live call for a crash's leftover, probe it, see nothing yet and free its key.
        await using var beside = await serve.StartBesideAsync("demo");
        var (status, first) = await call;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal("completed", Assert.Single(await JournalTests.ReadRowsAsync(serve, "demo__charge")).Status);
        var (_, again) = await Rest.CallAsync(beside, "demo__charge", args, idempotencyKey: "order-beside");
        Assert.Equal("replayed", again["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(serve, "pay_beside"));
    }

    [Fact]
    public async Task ServeAndStdioOnOneSqliteFile_StdioLeavesTheLivingServesKey_SettlesItOnceServeIsKilled_NewServeReplays()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        // Rounds every second; on one host a killed process is known dead by its pid at the next round, not by expiry.
        await using var serve = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path)
            .Replace("timeout: 1s", "timeout: 120s", StringComparison.Ordinal)
            .Replace("  auth: none", "  auth: none\n  instance_expiry: 6s", StringComparison.Ordinal), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_serve_stdio", ["amount"] = 8, ["hang_after_charge_ms"] = 120_000 };
        _ = Rest.CallAsync(serve, "demo__charge", args, idempotencyKey: "order-serve-stdio");
        await serve.WaitUntilAsync(async () => await FlowApi.ChargesAsync(serve, "pay_serve_stdio") == 1, "the upstream to record the charge");
        var serveId = Assert.Single(await InstancesAsync(serve), i => i.Pid == serve.ProcessId).Id;

        await using var stdio = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcpgw-stdio",
            Command = "dotnet",
            Arguments = [TestPaths.GatewayDll, "stdio", "--config", serve.ConfigPath],
            WorkingDirectory = serve.Dir,
        }));
        // Two of its heartbeats (a second apart) after it registered: its first recovery round, run at start, is behind it.
        long? registered = null;
        await serve.WaitUntilAsync(async () =>
        {
            var heartbeat = (await InstancesAsync(serve)).Where(i => i.Id != serveId).Select(i => (long?)i.Heartbeat).SingleOrDefault();
            registered ??= heartbeat;
            return heartbeat >= registered + 2_000_000; // microseconds
        }, "the stdio process to register and heartbeat twice");

        var stdioId = Assert.Single(await InstancesAsync(serve), i => i.Id != serveId).Id;
        Assert.Equal("running", Assert.Single(await JournalTests.ReadRowsAsync(serve, "demo__charge")).Status);
        Assert.Null(Assert.Single(await InstancesAsync(serve), i => i.Id == serveId).RecoveredBy);
        var (whileAlive, _) = await Rest.CallAsync(serve, "demo__charge", args, idempotencyKey: "order-serve-stdio");
        Assert.Equal(HttpStatusCode.Conflict, whileAlive);

        serve.Kill();
        await serve.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(serve, "demo__charge")).All(r => r.Status != "running"),
            "the stdio process to settle the killed serve's call");
        Assert.Equal(stdioId, Assert.Single(await InstancesAsync(serve), i => i.Id == serveId).RecoveredBy);

        await serve.RestartAsync("demo");
        var (_, replay) = await Rest.CallAsync(serve, "demo__charge", args, idempotencyKey: "order-serve-stdio");
        Assert.Equal("replayed", replay["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(serve, "pay_serve_stdio"));
        Assert.Equal(HttpStatusCode.OK, (await Rest.CallAsync(serve, "demo__echo", new JsonObject { ["text"] = "alive" })).Status);
        Assert.Null(Assert.Single(await InstancesAsync(serve), i => i.Id == stdioId).RecoveredBy);
    }

    [Fact]
    public async Task ServeAndStdioOnOneSqliteFile_StdioKilledMidCharge_ServeSettlesItOnce_NewStdioReplays()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var serve = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path)
            .Replace("timeout: 1s", "timeout: 120s", StringComparison.Ordinal)
            .Replace("  auth: none", "  auth: none\n  instance_expiry: 6s", StringComparison.Ordinal), "demo");
        var serveId = Assert.Single(await InstancesAsync(serve), i => i.Pid == serve.ProcessId).Id;
        var args = new Dictionary<string, object?> { ["payment_id"] = "pay_stdio_serve", ["amount"] = 8, ["hang_after_charge_ms"] = 120_000 };
        var key = new RequestOptions { Meta = new JsonObject { ["mcpgw/idempotencyKey"] = "order-stdio-serve" } };
        var stdio = await StdioAsync(serve);
        var held = stdio.CallToolAsync("demo__charge", args, options: key);
        await serve.WaitUntilAsync(async () => await FlowApi.ChargesAsync(serve, "pay_stdio_serve") == 1, "the upstream to record the charge made through stdio");
        var stdioInstance = Assert.Single(await InstancesAsync(serve), i => i.Id != serveId);
        Assert.Equal("running", Assert.Single(await JournalTests.ReadRowsAsync(serve, "demo__charge")).Status);

        Process.GetProcessById(stdioInstance.Pid).Kill(); // SIGKILL: nothing of the stdio process runs after this
        await Assert.ThrowsAnyAsync<Exception>(async () => await held);
        await stdio.DisposeAsync();
        await serve.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(serve, "demo__charge")).All(r => r.Status != "running"),
            "serve to settle the killed stdio process's call");

        Assert.Equal(serveId, Assert.Single(await InstancesAsync(serve), i => i.Id == stdioInstance.Id).RecoveredBy);
        await using var again = await StdioAsync(serve);
        var replay = await again.CallToolAsync("demo__charge", args, options: key);
        Assert.Equal("replayed", replay.Meta!["mcpgw/execution"]!["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(serve, "pay_stdio_serve"));
        Assert.Null(Assert.Single(await InstancesAsync(serve), i => i.Id == serveId).RecoveredBy);
    }

    private static Task<McpClient> StdioAsync(GatewayProcess serve) => McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "mcpgw-stdio",
        Command = "dotnet",
        Arguments = [TestPaths.GatewayDll, "stdio", "--config", serve.ConfigPath],
        WorkingDirectory = serve.Dir,
    }));

    private static async Task<List<(string Id, int Pid, long Heartbeat, string? RecoveredBy)>> InstancesAsync(GatewayProcess gateway)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(gateway.Dir, "data", "mcpgw.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance_id, pid, heartbeat_at, recovered_by FROM instances";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, long, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    [Fact]
    public async Task KillNineDuringChargeWithoutProbe_Restart_KeyIsOutcomeUnknown_OperatorSettles_RepeatReplays()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(
            ControlledConfigs.Demo(state.Path, chargeProbe: false).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_noprobe", ["amount"] = 9, ["hang_after_charge_ms"] = 60_000 };
        _ = Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-noprobe");
        await gateway.WaitUntilAsync(async () => await FlowApi.ChargesAsync(gateway, "pay_noprobe") == 1, "the upstream to record the charge");

        gateway.Kill();
        await gateway.RestartAsync("demo");
        await gateway.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(gateway, "demo__charge")).All(r => r.Status != "running"), "recovery");

        var row = Assert.Single(await JournalTests.ReadRowsAsync(gateway, "demo__charge"));
        Assert.Equal("unknown", row.Status);
        var (status, repeat) = await Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-noprobe");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("without knowing whether the upstream acted", repeat["error"]?.GetValue<string>() ?? repeat.ToJsonString(), StringComparison.Ordinal);

        var (_, traces) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/traces?tool=demo__charge&status=unknown");
        var execution = traces["data"]![0]!["execution_id"]!.GetValue<string>();
        var (settled, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/outcomes/reconcile",
            new JsonObject { ["execution_id"] = execution, ["verdict"] = "executed" });
        Assert.Equal(HttpStatusCode.OK, settled);
        var (_, replay) = await Rest.CallAsync(gateway, "demo__charge", args, idempotencyKey: "order-noprobe");
        Assert.Equal("replayed", replay["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(gateway, "pay_noprobe"));
    }

    [Fact]
    public async Task KillNineDuringFlowChargeWithoutProbe_Restart_RunFailsSayingOutcomeUnknown_ChargedOnce()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(
            ControlledConfigs.Demo(state.Path, chargeProbe: false).Replace("timeout: 1s", "timeout: 60s", StringComparison.Ordinal), "demo");
        await FlowApi.ImportAsync(gateway, """
            { "name": "unknown-charge", "status": "ENABLED", "publish": true,
              "steps": [
                { "key": "charge", "type": "tool", "tool": "demo__charge",
                  "args": { "payment_id": "pay_flow_unknown", "amount": 3, "hang_after_charge_ms": 60000 } } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(gateway, "unknown-charge", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await gateway.WaitUntilAsync(async () => await FlowApi.ChargesAsync(gateway, "pay_flow_unknown") == 1, "the upstream to record the charge");

        gateway.Kill();
        await gateway.RestartAsync("demo");

        var run = await FlowApi.WaitForStatusAsync(gateway, runId, "FAILED", 60);
        var error = FlowApi.Node(run, "charge")["error"]!.GetValue<string>();
        Assert.Contains("without knowing whether the upstream acted", error, StringComparison.Ordinal);
        Assert.Equal(1, await FlowApi.ChargesAsync(gateway, "pay_flow_unknown"));
    }
}
