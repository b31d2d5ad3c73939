using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

public sealed class ToolCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ListTools_Aggregated_PrefixesEveryUpstreamTool()
    {
        await using var client = await Gateway.ConnectAsync();

        var tools = await client.ListToolsAsync();

        Assert.Contains(tools, t => t.Name == "demo__echo");
        Assert.All(tools, t => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", t.Name));
        Assert.All(tools.Where(t => !t.Name.StartsWith("gateway__", StringComparison.Ordinal)), t => Assert.StartsWith("demo__", t.Name));
        Assert.Contains(tools, t => t.Name == "gateway__approval_status");
        Assert.Contains(tools, t => t.Name == "gateway__discover");
    }

    [Fact]
    public async Task CallTool_Echo_ReturnsUpstreamResult()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "hello gateway" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("hello gateway", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task CallTool_StructuredContent_PassesThrough()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });

        Assert.Equal(5, result.StructuredContent!.Value.GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task CallTool_UpstreamToolError_IsErrorResultNotProtocolError()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__fail", new Dictionary<string, object?> { ["message"] = "boom" });

        Assert.True(result.IsError);
        Assert.Equal("boom", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task CallTool_UnknownTool_IsJsonRpcError()
    {
        await using var client = await Gateway.ConnectAsync();

        var ex = await Assert.ThrowsAsync<McpProtocolException>(async () =>
            await client.CallToolAsync("demo__nope", new Dictionary<string, object?>()));

        Assert.Equal(McpErrorCode.InvalidParams, ex.ErrorCode);
        Assert.Contains("demo__nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectorEndpoint_ListsOnlyItsToolsUnderUpstreamNames()
    {
        await using var client = await Gateway.ConnectAsync("/c/demo/mcp");

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "direct names" });

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.DoesNotContain(tools, t => t.Name.Contains("__", StringComparison.Ordinal));
        Assert.Equal("direct names", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task Progress_FromUpstream_ReachesClientUnderItsToken()
    {
        await using var client = await Gateway.ConnectAsync();
        await using var progress = new ProgressRecorder(client);

        var result = await client.CallToolAsync("demo__progress", new Dictionary<string, object?> { ["steps"] = 3 }, progress);

        Assert.NotEqual(true, result.IsError);
        await Gateway.WaitUntilAsync(() => Task.FromResult(progress.Count >= 3), "3 progress notifications", 10);
        Assert.Equal([1f, 2f, 3f], progress.Updates.Select(u => u.Progress).Order());
    }

    [Fact]
    public async Task Cancel_ClientCancelsCall_UpstreamSeesCancellation()
    {
        await using var client = await Gateway.ConnectAsync("/c/demo/mcp");
        var before = await CancelledCountAsync(client);
        var sleepsBefore = await SleepCallsAsync(client);
        var requestId = new RequestId("sleep-to-cancel");
        _ = client.SendRequestAsync<CallToolRequestParams, CallToolResult>(
            RequestMethods.ToolsCall,
            new CallToolRequestParams { Name = "sleep", Arguments = new Dictionary<string, JsonElement> { ["ms"] = JsonSerializer.SerializeToElement(30_000) } },
            McpJsonUtilities.DefaultOptions,
            requestId).AsTask();

        // The SDK client does not send notifications/cancelled by itself; an MCP client like Claude Desktop does.
        await Gateway.WaitUntilAsync(async () => await SleepCallsAsync(client) > sleepsBefore, "the sleep call to reach the upstream", 15);
        await client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = requestId, Reason = "test" }, McpJsonUtilities.DefaultOptions);

        await Gateway.WaitUntilAsync(async () => await CancelledCountAsync(client) > before, "the upstream to see the cancellation", 15);
    }

    private static async Task<int> SleepCallsAsync(McpClient client) =>
        (await client.CallToolAsync("get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("calls")
            .TryGetProperty("sleep", out var n) ? n.GetInt32() : 0;

    private static async Task<int> CancelledCountAsync(McpClient client) =>
        (await client.CallToolAsync("get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("cancelled").GetInt32();
}
