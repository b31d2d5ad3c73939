using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// A change made through one gateway process reaches every other process on the same store promptly: a connection's
/// new value (the connectors that use it reconnect) and the flow tools (publish, disable). PostgreSQL replicas hear it
/// through LISTEN/NOTIFY; processes on one SQLite file through the file's change counter, polled once a second.
/// </summary>
public sealed class ChangeFeedTests(ITestOutputHelper output)
{
    // The feed takes about a second; the bound leaves room for the connector's child process to start again on a
    // loaded machine. The measured time is printed.
    private const int BoundSeconds = 30;

    [PostgresFact]
    public async Task ConnectionPutOnReplicaA_ReplicaBsConnectorUsesTheNewValue()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        var environment = new Dictionary<string, string> { ["MCPGW_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var config = TestConfigs.Header.Replace("  data_dir: ./data", $"  data_dir: ./data\n{database.GatewayLines()}", StringComparison.Ordinal)
            + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${secret:demo-token}\"\n");
        await using var a = await GatewayProcess.StartAsync(config, environment);
        Assert.Equal(HttpStatusCode.Created, (await PutTokenAsync(a, "token-one")).Status);
        await a.WaitConnectedAsync("demo");
        await using var b = await GatewayProcess.StartAsync(config, environment, "demo");
        Assert.Equal("token-one", await TokenAsync(b));

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await PutTokenAsync(a, "token-two")).Status);
        await b.WaitUntilAsync(async () => await TokenAsync(b) == "token-two", "replica b's connector to use the new value", BoundSeconds);

        output.WriteLine($"replica b used the new value {clock.ElapsedMilliseconds} ms after the PUT on replica a");
        Assert.Equal("token-two", await TokenAsync(a));
    }

    [PostgresFact]
    public async Task FlowPublishedThenDisabledOnReplicaA_ReplicaBListsThenDropsItsTool()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        var config = ControlledConfigs.Demo(state.Path).Replace("  auth: none", $"  auth: none\n{database.GatewayLines()}", StringComparison.Ordinal);
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await using var b = await GatewayProcess.StartAsync(config, "demo");
        await AssertFollowsFlowsAsync(a, b, "replica-feed");
    }

    [Fact]
    public async Task ServeAndABesideProcessOnOneSqliteFile_ConnectionAndFlowChangesReachTheOther()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var config = ControlledConfigs.Demo(state.Path).Replace(
            "      TESTUPSTREAM_STATE_DIR:", "      DEMO_TOKEN: \"${secret:demo-token}\"\n      TESTUPSTREAM_STATE_DIR:", StringComparison.Ordinal);
        await using var serve = await GatewayProcess.StartAsync(config);
        Assert.Equal(HttpStatusCode.Created, (await PutTokenAsync(serve, "token-one")).Status);
        await serve.WaitConnectedAsync("demo");
        await using var beside = await serve.StartBesideAsync("demo");
        Assert.Equal("token-one", await TokenAsync(beside));

        var clock = Stopwatch.StartNew();
        await PutTokenAsync(serve, "token-two");
        await beside.WaitUntilAsync(async () => await TokenAsync(beside) == "token-two", "the other process's connector to use the new value", BoundSeconds);
        output.WriteLine($"the other process used the new value {clock.ElapsedMilliseconds} ms after the PUT");

        await AssertFollowsFlowsAsync(serve, beside, "sqlite-feed");
    }

    private async Task AssertFollowsFlowsAsync(GatewayProcess a, GatewayProcess b, string flow)
    {
        await using var client = await b.ConnectAsync();
        var tool = "flow__" + flow;
        Assert.DoesNotContain(await client.ListToolsAsync(), t => t.Name == tool);

        var clock = Stopwatch.StartNew();
        await FlowApi.ImportAsync(a, FlowApi.ChargeFlow(flow));
        await b.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == tool), "the other process to list the published flow", BoundSeconds);
        output.WriteLine($"the other process listed {tool} {clock.ElapsedMilliseconds} ms after the import");

        clock.Restart();
        var (disabled, _) = await Rest.SendAsync(a, HttpMethod.Post, $"/v1/flows/{flow}/operations", new JsonObject { ["type"] = "disable" });
        Assert.Equal(HttpStatusCode.OK, disabled);
        await b.WaitUntilAsync(async () => (await client.ListToolsAsync()).All(t => t.Name != tool), "the other process to drop the disabled flow", BoundSeconds);
        output.WriteLine($"the other process dropped {tool} {clock.ElapsedMilliseconds} ms after the disable");
    }

    private static Task<(HttpStatusCode Status, JsonNode Body)> PutTokenAsync(GatewayProcess gateway, string token) =>
        Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/demo-token",
            new JsonObject { ["type"] = "SECRET_TEXT", ["value"] = new JsonObject { ["secret"] = token } });

    private static async Task<string?> TokenAsync(GatewayProcess gateway)
    {
        var (status, body) = await Rest.CallAsync(gateway, "demo__env", new JsonObject { ["name"] = "DEMO_TOKEN" });
        return status == HttpStatusCode.OK ? body["result"]?["content"]?[0]?["text"]?.GetValue<string>() : null;
    }
}
