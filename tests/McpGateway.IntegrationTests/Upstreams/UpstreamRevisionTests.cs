using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Upstreams;

/// <summary>
/// The gateway speaks to each upstream in the highest revision both support: a dual or 2026-only TestUpstream gets
/// 2026-07-28 (no session), a 2025-only one 2025-11-25, over stdio and Streamable HTTP. Everything is relayed to a
/// 2025-11-25 session client the same way, including a 2026 upstream's InputRequiredResult, which that client is asked
/// as elicitation/create or sampling/createMessage on its session.
/// </summary>
public sealed class UpstreamRevisionTests
{
    private const string Connector = "up";
    private const string Dual = "dual";

    public static TheoryData<string, string> Upstreams => new()
    {
        { "mcp-stdio", Dual }, { "mcp-stdio", "2025-11-25" }, { "mcp-stdio", "2026-07-28" },
        { "mcp-http", Dual }, { "mcp-http", "2025-11-25" }, { "mcp-http", "2026-07-28" },
    };

    [Theory]
    [MemberData(nameof(Upstreams))]
    public async Task SessionClient_AnyUpstreamRevision_EverythingRelayed(string kind, string protocol)
    {
        await using var upstream = kind == "mcp-http" ? await UpstreamProcess.StartAsync(protocol: Pin(protocol)) : null;
        await using var gateway = await GatewayProcess.StartAsync(Config(kind, protocol, upstream), Connector);
        var status = await gateway.ConnectorStatusAsync(Connector);
        Assert.Equal(protocol == "2025-11-25" ? "2025-11-25" : "2026-07-28", status.GetProperty("protocol").GetString());

        var listChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["answer"] = JsonSerializer.SerializeToElement("blue, asked: " + request!.Message) },
                }),
                SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
                {
                    Model = "test-model",
                    Role = Role.Assistant,
                    Content = [new TextContentBlock { Text = "short: " + ((TextContentBlock)request!.Messages[0].Content[0]).Text }],
                }),
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        listChanged.TrySetResult();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await gateway.ConnectAsync("/mcp", options);
        Assert.Equal(TestClients.SessionRevision, client.NegotiatedProtocolVersion);

        // Tools, resources, prompts, completion.
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == $"{Connector}__echo");
        Assert.Equal("relayed", Text(await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = "relayed" })));
        var resource = await client.ReadResourceAsync($"{Connector}+test://static/hello");
        Assert.NotEmpty(resource.Contents);
        var prompt = await client.GetPromptAsync($"{Connector}__greet", new Dictionary<string, object?> { ["name"] = "Ann" });
        Assert.NotEmpty(prompt.Messages);
        var completion = await client.CompleteAsync(new PromptReference { Name = $"{Connector}__greet" }, "name", "al");
        Assert.NotNull(completion.Completion);

        // Progress.
        await using var progress = new ProgressRecorder(client);
        await client.CallToolAsync($"{Connector}__progress", new Dictionary<string, object?> { ["steps"] = 3 }, progress);
        await gateway.WaitUntilAsync(() => Task.FromResult(progress.Count >= 3), "3 progress notifications", 15);

        // The upstream asks for input during a call: a 2025 upstream with elicitation/create and sampling/createMessage,
        // a 2026 upstream with an InputRequiredResult; either way this session client is asked.
        Assert.Equal("user said: blue, asked: colour?",
            Text(await client.CallToolAsync($"{Connector}__ask_user_mrtr", new Dictionary<string, object?> { ["question"] = "colour?" })));
        Assert.Equal("sampled: short: some text",
            Text(await client.CallToolAsync($"{Connector}__summarize_mrtr", new Dictionary<string, object?> { ["text"] = "some text" })));

        // Cancellation reaches the upstream.
        var cancelledBefore = await StatAsync(client, "cancelled");
        var requestId = new RequestId("sleep-to-cancel");
        _ = client.SendRequestAsync<CallToolRequestParams, CallToolResult>(
            RequestMethods.ToolsCall,
            new CallToolRequestParams { Name = $"{Connector}__sleep", Arguments = new Dictionary<string, JsonElement> { ["ms"] = JsonSerializer.SerializeToElement(30_000) } },
            McpJsonUtilities.DefaultOptions,
            requestId).AsTask();
        await gateway.WaitUntilAsync(async () => await SleepCallsAsync(client) > 0, "the sleep call to reach the upstream", 15);
        await client.SendNotificationAsync(
            NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = requestId, Reason = "test" }, McpJsonUtilities.DefaultOptions);
        await gateway.WaitUntilAsync(async () => await StatAsync(client, "cancelled") > cancelledBefore, "the upstream to see the cancellation", 20);

        // A list change upstream reaches the session client.
        await client.CallToolAsync($"{Connector}__add_tool", new Dictionary<string, object?> { ["name"] = "late_tool" });
        await listChanged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await gateway.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == $"{Connector}__late_tool"), "the new tool to be listed", 20);
    }

    [Fact]
    public async Task HttpUpstream2026_Restarted_NextCallServedWithoutASession()
    {
        await using var upstream = await UpstreamProcess.StartAsync(protocol: "2026-07-28");
        await using var gateway = await GatewayProcess.StartAsync(Config("mcp-http", "2026-07-28", upstream), Connector);
        await using var client = await gateway.ConnectAsync();
        Assert.Equal("relayed", Text(await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = "relayed" })));

        await upstream.RestartAsync();

        // No session to lose: the first call after the restart goes through on the same connection, no re-initialize.
        var after = await client.CallToolAsync($"{Connector}__get_stats", new Dictionary<string, object?>());
        Assert.NotEqual(true, after.IsError);
        Assert.Equal(upstream.Pid, after.StructuredContent!.Value.GetProperty("pid").GetInt32());
        Assert.DoesNotContain("connecting again in place", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(Dual)]
    public async Task StatelessClient_UnknownResource_IsInvalidParamsWhateverTheUpstreamSays(string protocol)
    {
        // 2026-07-28 names an unknown resource -32602 (SEP-2164); a 2025 upstream answers -32002.
        await using var gateway = await GatewayProcess.StartAsync(Config("mcp-stdio", protocol, null), Connector);

        var (status, body) = await StatelessRevisionTests.PostAsync(
            gateway, $"/c/{Connector}/mcp", RequestMethods.ResourcesRead, new System.Text.Json.Nodes.JsonObject { ["uri"] = "test://static/none" }, "test://static/none");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
    }

    private static string? Pin(string protocol) => protocol == Dual ? null : protocol;

    private static string Config(string kind, string protocol, UpstreamProcess? upstream)
    {
        if (upstream is not null)
        {
            return TestConfigs.Header + TestConfigs.HttpUpstream(Connector, upstream.Endpoint.ToString());
        }

        var args = Pin(protocol) is { } pinned ? $"\"{TestPaths.TestUpstreamDll}\", \"--protocol\", \"{pinned}\"" : $"\"{TestPaths.TestUpstreamDll}\"";
        return TestConfigs.Header + $"""
              {Connector}:
                kind: {kind}
                command: dotnet
                args: [{args}]

            """;
    }

    private static async Task<int> SleepCallsAsync(McpClient client) =>
        (await client.CallToolAsync($"{Connector}__get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("calls")
            .TryGetProperty("sleep", out var n) ? n.GetInt32() : 0;

    private static async Task<int> StatAsync(McpClient client, string name) =>
        (await client.CallToolAsync($"{Connector}__get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty(name).GetInt32();

    private static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
