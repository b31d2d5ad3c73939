using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// A change made through one gateway process reaches every other process on the same store promptly: a connection's
/// new value (the connectors that use it reconnect) and the flow tools (publish, disable). PostgreSQL replicas (three
/// behind HAProxy) hear it through LISTEN/NOTIFY; processes on one SQLite file through the file's change counter.
/// </summary>
public sealed class ChangeFeedTests(ITestOutputHelper output)
{
    // The feed takes about a second; the bound leaves room for the connector's child process to start again on a
    // loaded machine. The measured time is printed.
    private const int BoundSeconds = 30;

    [ReplicaFact]
    public async Task ConnectionPutThroughBalancer_ThreeReplicas_EveryReplicasConnectorUsesTheNewValue()
    {
        // demo is what ReplicaSet waits for; tok (a stdio child, the value in its environment) and web (an HTTP upstream,
        // the value in a request header) read the connection, which does not exist yet when the replicas start.
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var set = await ReplicaSet.StartAsync(3, balanced: true,
            configure: config => config + TestConfigs.StdioUpstream("tok", "    env:\n      DEMO_TOKEN: \"${secret:demo-token}\"\n")
                + $"  web:\n    kind: mcp-http\n    url: {upstream.Endpoint}\n    headers:\n      Authorization: \"Bearer ${{secret:demo-token}}\"\n\n");
        Assert.Equal(HttpStatusCode.Created, (await PutTokenAsync(set, "token-one")).Status);
        await Task.WhenAll(set.Replicas.Select(async r =>
        {
            await r.WaitUntilAsync(async () => await TokenAsync(r, "tok") == "token-one", "every replica's tok to connect with the first value", BoundSeconds);
            await r.WaitUntilAsync(async () => await HeaderAsync(r) == "Bearer token-one", "every replica's web to connect with the first value", BoundSeconds);
        }));

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await PutTokenAsync(set, "token-two")).Status);
        var took = await Task.WhenAll(set.Replicas.Select(async r =>
        {
            var web = Task.Run(async () =>
            {
                await r.WaitUntilAsync(async () => await HeaderAsync(r) == "Bearer token-two", "every replica's HTTP connector to send the new value", BoundSeconds);
                return clock.ElapsedMilliseconds;
            });
            await r.WaitUntilAsync(async () => await TokenAsync(r, "tok") == "token-two", "every replica's stdio connector to use the new value", BoundSeconds);
            return (Stdio: clock.ElapsedMilliseconds, Http: await web);
        }));

        output.WriteLine($"after the PUT through the load balancer, each replica's HTTP connector sent the new value after {string.Join(", ", took.Select(t => t.Http))} ms, " +
            $"its stdio connector used it after {string.Join(", ", took.Select(t => t.Stdio))} ms");
    }

    [ReplicaFact]
    public async Task StoredConnectorAddedChangedRemovedThroughBalancer_EveryReplicaFollowsTheFeed()
    {
        await using var set = await ReplicaSet.StartAsync(3, balanced: true);
        var record = new JsonObject { ["kind"] = "mcp-stdio", ["command"] = "dotnet", ["args"] = new JsonArray(TestPaths.TestUpstreamDll), ["enabled"] = false };

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await set.SendAsync(HttpMethod.Post, "/v1/connectors/extra", record)).Status);
        var added = await EveryReplicaAsync(set, state => state == "disabled", "every replica to run the added connector", clock);

        record["enabled"] = true;
        clock.Restart();
        Assert.Equal(HttpStatusCode.OK, (await set.SendAsync(HttpMethod.Post, "/v1/connectors/extra", record)).Status);
        var changed = await EveryReplicaAsync(set, state => state == "connected", "every replica to apply the changed connector", clock);

        clock.Restart();
        Assert.Equal(HttpStatusCode.NoContent, (await set.SendAsync(HttpMethod.Delete, "/v1/connectors/extra")).Status);
        var removed = await EveryReplicaAsync(set, state => state is null, "every replica to drop the removed connector", clock);

        output.WriteLine($"added on every replica after {added} ms, changed (enabled: a child started) after {changed} ms, removed after {removed} ms");
    }

    // Waits until each replica's own /v1/connectors says what is wanted of "extra" (null: not listed); the last one's time.
    private static async Task<long> EveryReplicaAsync(ReplicaSet set, Func<string?, bool> wanted, string what, Stopwatch clock)
    {
        var took = await Task.WhenAll(set.Replicas.Select(async r =>
        {
            await r.WaitUntilAsync(async () =>
            {
                var (_, list) = await Rest.SendAsync(r, HttpMethod.Get, "/v1/connectors");
                return wanted(list["data"]!.AsArray().FirstOrDefault(c => c!["name"]!.GetValue<string>() == "extra")?["state"]?.GetValue<string>());
            }, what, BoundSeconds);
            return clock.ElapsedMilliseconds;
        }));
        return took.Max();
    }

    [ReplicaFact]
    public async Task FlowPublishedThenDisabledOnReplicaA_ReplicaBListsThenDropsItsTool()
    {
        await using var set = await ReplicaSet.StartAsync(2, balanced: false);
        await AssertFollowsFlowsAsync(set.Replicas[0], set.Replicas[1], "replica-feed");
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
        Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/demo-token", Token(token));

    private static Task<(HttpStatusCode Status, JsonNode Body)> PutTokenAsync(ReplicaSet set, string token) =>
        set.SendAsync(HttpMethod.Put, "/v1/connections/demo-token", Token(token));

    private static JsonObject Token(string token) =>
        new() { ["type"] = "SECRET_TEXT", ["value"] = new JsonObject { ["secret"] = token } };

    private static async Task<string?> HeaderAsync(GatewayProcess gateway)
    {
        var (status, body) = await Rest.CallAsync(gateway, "web__request_header", new JsonObject { ["name"] = "Authorization" });
        return status == HttpStatusCode.OK ? body["result"]?["content"]?[0]?["text"]?.GetValue<string>() : null;
    }

    private static async Task<string?> TokenAsync(GatewayProcess gateway, string connector = "demo")
    {
        var (status, body) = await Rest.CallAsync(gateway, connector + "__env", new JsonObject { ["name"] = "DEMO_TOKEN" });
        return status == HttpStatusCode.OK ? body["result"]?["content"]?[0]?["text"]?.GetValue<string>() : null;
    }
}
