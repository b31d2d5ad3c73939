using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Admin;

/// <summary>
/// <c>/v1/connectors</c> through the real host with a real upstream (TestUpstream): a connector added over REST serves
/// its tools on <c>/mcp</c> and <c>/c/{name}/mcp</c>, restarts, survives a file reload, reaches a second process on the
/// same store, and is removed; bad records and the file's names are refused.
/// </summary>
public sealed class ConnectorEndpointTests
{
    private static JsonObject UpstreamRecord() => new()
    {
        ["kind"] = "mcp-stdio",
        ["command"] = "dotnet",
        ["args"] = new JsonArray(TestPaths.TestUpstreamDll),
    };

    [Fact]
    public async Task AddRestartRemove_ToolsAppearOnBothEndpointsThenGo()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");

        var (status, added) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/extra", UpstreamRecord());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("/c/extra/mcp", added["endpoint"]!.GetValue<string>());
        Assert.Equal(gateway.Url("/c/extra/mcp").ToString(), added["url"]!.GetValue<string>());
        await gateway.WaitConnectedAsync("extra");

        await using (var all = await TestClients.ConnectStatelessAsync(gateway, "/mcp"))
        await using (var own = await TestClients.ConnectStatelessAsync(gateway, "/c/extra/mcp"))
        {
            Assert.Contains(await all.ListToolsAsync(), t => t.Name == "extra__echo");
            var echo = await own.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "hi" });
            Assert.NotEqual(true, echo.IsError);
        }

        var listed = await ConnectorAsync(gateway, "extra");
        Assert.Equal("store", listed["source"]!.GetValue<string>());
        Assert.Equal("connected", listed["state"]!.GetValue<string>());
        Assert.Contains("extra__echo", listed["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("file", (await ConnectorAsync(gateway, "demo"))["source"]!.GetValue<string>());

        var since = listed["since"]!.GetValue<DateTimeOffset>();
        var (restarted, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/extra/restart");
        Assert.Equal(HttpStatusCode.OK, restarted);
        await gateway.WaitUntilAsync(async () =>
        {
            var c = await ConnectorAsync(gateway, "extra");
            return c["state"]!.GetValue<string>() == "connected" && c["since"]!.GetValue<DateTimeOffset>() > since;
        }, "extra to reconnect after its restart");

        var (deleted, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/connectors/extra");
        var (again, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/connectors/extra");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, again);
        await using var after = await TestClients.ConnectStatelessAsync(gateway, "/mcp");
        var tools = await after.ListToolsAsync();
        Assert.DoesNotContain(tools, t => t.Name.StartsWith("extra__", StringComparison.Ordinal));
        Assert.Contains(tools, t => t.Name == "demo__echo");
    }

    [Fact]
    public async Task BadRecordOrFileName_Is400NamingTheFieldOr409NamingTheFile()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");

        var (missing, missingProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/bad", new JsonObject { ["kind"] = "mcp-stdio" });
        var (kind, kindProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/bad", new JsonObject { ["kind"] = "grpc" });
        var (unknownKey, keyProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/bad",
            new JsonObject { ["kind"] = "mcp-http", ["url"] = "http://127.0.0.1:1/mcp", ["timout"] = "5s" });
        var (badName, nameProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/Bad_Name", UpstreamRecord());
        var (inFile, fileProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/demo", UpstreamRecord());
        var (deleteFile, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/connectors/demo");
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connectors");

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("connectors.bad.command", missingProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, kind);
        Assert.Contains("unknown kind 'grpc'", kindProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKey);
        Assert.Contains("timout", keyProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badName);
        Assert.Contains("Bad_Name", nameProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, inFile);
        Assert.Contains(gateway.ConfigPath, fileProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, deleteFile);
        Assert.Equal(["demo"], list["data"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StoredConnector_KeptByFileReloadAndRunByASecondProcess()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var (status, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/extra", UpstreamRecord());
        Assert.Equal(HttpStatusCode.Created, status);
        await gateway.WaitConnectedAsync("extra");

        // A reload that adds a connector to the file keeps the stored one.
        await File.WriteAllTextAsync(gateway.ConfigPath, TestConfigs.WithDemo() + TestConfigs.StdioUpstream("third"));
        await gateway.WaitConnectedAsync("third", "extra", "demo");

        await using var beside = await gateway.StartBesideAsync("demo", "extra");
        var (_, removed) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/connectors/extra");
        await beside.WaitUntilAsync(
            async () => (await beside.StatusAsync()).GetProperty("connectors").EnumerateArray().All(c => c.GetProperty("name").GetString() != "extra"),
            "the second process to drop the removed connector");
        Assert.NotNull(removed);
    }

    private static async Task<JsonNode> ConnectorAsync(GatewayProcess gateway, string name)
    {
        var (status, body) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connectors");
        Assert.Equal(HttpStatusCode.OK, status);
        return body["data"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
    }
}
