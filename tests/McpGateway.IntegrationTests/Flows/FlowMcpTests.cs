using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Flows as MCP tools over Streamable HTTP: listing, calling with progress, cancelling, pausing, list_changed.</summary>
public sealed class FlowMcpTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task FlowTool_ListedAndCalled_StructuredOutputsAndProgressPerNode()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("mcp-charge"));
        await using var client = await Gateway.ConnectAsync();
        var tools = await client.ListToolsAsync();
        var tool = Assert.Single(tools, t => t.Name == "flow__mcp-charge");
        Assert.Contains("payment_id", tool.JsonSchema.GetRawText(), StringComparison.Ordinal);
        await using var progress = new ProgressRecorder(client);

        var result = await client.CallToolAsync("flow__mcp-charge", new Dictionary<string, object?> { ["payment_id"] = "pay_mcp_1", ["amount"] = 9 }, progress);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(1, result.StructuredContent!.Value.GetProperty("charges").GetInt32());
        await Gateway.WaitUntilAsync(() => Task.FromResult(progress.Count >= 3), "a progress notification per node", 10);
        Assert.Contains(progress.Updates, u => u.Message?.Contains("charge", StringComparison.Ordinal) == true);
        Assert.All(progress.Updates, u => Assert.Equal(3f, u.Total));
        var values = progress.Updates.Select(u => u.Progress).ToList();
        Assert.Equal(values.Count, values.Distinct().Count()); // MCP: progress increases with every notification
        Assert.Equal(3f, values.Max());

        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_mcp_1"));
        var (_, runs) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=mcp-charge&origin=MCP");
        Assert.Single(runs["data"]!.AsArray());
    }

    [Fact]
    public async Task FlowTool_TagsInMeta_RunCarriesThemAndBadTagsAreAToolError()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "mcp-tagged", "status": "ENABLED", "publish": true, "steps": [ { "key": "one", "type": "transform", "value": 1 } ] }
            """);
        await using var client = await Gateway.ConnectAsync();
        await Gateway.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == "flow__mcp-tagged"), "the flow tool");

        var tagged = await client.CallToolAsync("flow__mcp-tagged", null, null,
            new RequestOptions { Meta = new JsonObject { ["mcpgw/tags"] = new JsonArray("from-mcp") } });
        var bad = await client.CallToolAsync("flow__mcp-tagged", null, null,
            new RequestOptions { Meta = new JsonObject { ["mcpgw/tags"] = "not-a-list" } });

        Assert.NotEqual(true, tagged.IsError);
        var (_, runs) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?tag=from-mcp");
        Assert.Equal("mcp-tagged", Assert.Single(runs["data"]!.AsArray())!["flow"]!.GetValue<string>());
        Assert.True(bad.IsError);
        Assert.Contains("mcpgw/tags", Assert.IsType<TextContentBlock>(bad.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCancels_FlowToolCall_RunIsCanceled()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "mcp-slow", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 60000 } } ] }
            """);
        await using var client = await Gateway.ConnectAsync();
        var requestId = new RequestId("flow-to-cancel");

        _ = client.SendRequestAsync<CallToolRequestParams, CallToolResult>(
            RequestMethods.ToolsCall, new CallToolRequestParams { Name = "flow__mcp-slow" }, McpJsonUtilities.DefaultOptions, requestId).AsTask();
        string runId = "";
        await Gateway.WaitUntilAsync(async () =>
        {
            var (_, runs) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=mcp-slow&status=RUNNING");
            runId = runs["data"]!.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "";
            return runId.Length > 0;
        }, "the run to be running");

        // The SDK client does not send notifications/cancelled by itself; an MCP client like Claude Desktop does.
        await client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = requestId, Reason = "test" }, McpJsonUtilities.DefaultOptions);

        await FlowApi.WaitForStatusAsync(Gateway, runId, "CANCELED", 30);
    }

    [Fact]
    public async Task PausedRun_ReturnsRunId_AndRunsGetReadsIt()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "mcp-paused", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "ask", "type": "approval", "message": "ok?" } ] }
            """);
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("flow__mcp-paused", new Dictionary<string, object?>());

        var gateway = result.StructuredContent!.Value.GetProperty("gateway");
        Assert.Equal("PAUSED", gateway.GetProperty("status").GetString());
        var runId = gateway.GetProperty("run_id").GetString()!;
        Assert.Contains(runId, ((TextContentBlock)result.Content[0]).Text, StringComparison.Ordinal);
        var read = await client.CallToolAsync("flow__runs_get", new Dictionary<string, object?> { ["run_id"] = runId });
        Assert.Equal("PAUSED", read.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Equal("ask", read.StructuredContent!.Value.GetProperty("nodes")[0].GetProperty("step").GetString());
    }

    [Fact]
    public async Task PublishThenDisable_ClientGetsListChangedEachTime()
    {
        await using var client = await Gateway.ConnectAsync();
        var changes = 0;
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            Interlocked.Increment(ref changes);
            return ValueTask.CompletedTask;
        });

        await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow("mcp-listed", "x"));
        await Gateway.WaitUntilAsync(async () => Volatile.Read(ref changes) >= 1 && (await client.ListToolsAsync()).Any(t => t.Name == "flow__mcp-listed"), "list_changed after publish");
        var before = Volatile.Read(ref changes);
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/mcp-listed/operations", new JsonObject { ["type"] = "disable" });

        await Gateway.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref changes) > before), "list_changed after disable");
        Assert.DoesNotContain(await client.ListToolsAsync(), t => t.Name == "flow__mcp-listed");
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => client.CallToolAsync("flow__mcp-listed", new Dictionary<string, object?>()).AsTask());
    }
}
