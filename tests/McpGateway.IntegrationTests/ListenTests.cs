using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// <c>subscriptions/listen</c> (2026-07-28) on the Streamable HTTP endpoints, through the real gateway and a real
/// upstream: the acknowledgement first, then only the notifications the listen opted into, each tagged with its
/// subscription id; the stream ends when the client closes it (nothing left open) or, answered, when the gateway stops.
/// </summary>
public sealed class ListenTests : IAsyncLifetime
{
    private const string Revision = "2026-07-28";
    private readonly TempDirectory _state = new("mcpgw-upstream-");
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_state.Path), "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Discover_AdvertisesListChangedAndResourceSubscriptions()
    {
        await using var client = await Connect2026Async("/mcp");

        var capabilities = client.ServerCapabilities;

        Assert.True(capabilities.Tools?.ListChanged);
        Assert.True(capabilities.Prompts?.ListChanged);
        Assert.True(capabilities.Resources?.ListChanged);
        Assert.True(capabilities.Resources?.Subscribe);
    }

    [Fact]
    public async Task Listen_ToolsFilter_AckThenToolsListChangedTaggedWithTheSubscriptionId()
    {
        await using var client = await Connect2026Async("/c/demo/mcp");
        await using var listen = await ListenRecorder.OpenAsync(client, "tools-1", new JsonObject { ["toolsListChanged"] = true, ["bogusKind"] = true });

        await client.CallToolAsync("add_tool", new Dictionary<string, object?> { ["name"] = "listened_tool" });
        var changed = await listen.WaitForAsync(NotificationMethods.ToolListChangedNotification);

        var ack = listen.Received[0];
        Assert.Equal(NotificationMethods.SubscriptionsAcknowledgedNotification, ack.Method);
        var granted = ack.Params["notifications"]!.AsObject();
        Assert.True(granted["toolsListChanged"]!.GetValue<bool>());
        Assert.All(granted.Where(kv => kv.Key != "toolsListChanged"), kv => Assert.Null(kv.Value));
        Assert.Equal("tools-1", changed["_meta"]![ListenRecorder.SubscriptionIdKey]!.GetValue<string>());
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "listened_tool");
    }

    [Fact]
    public async Task Listen_PromptsOnlyFilter_GetsNoToolsChange()
    {
        await using var client = await Connect2026Async("/mcp");
        await using var prompts = await ListenRecorder.OpenAsync(client, "prompts-only", new JsonObject { ["promptsListChanged"] = true });
        await using var tools = await ListenRecorder.OpenAsync(client, "tools-only", new JsonObject { ["toolsListChanged"] = true });

        await client.CallToolAsync("demo__add_tool", new Dictionary<string, object?> { ["name"] = "not_for_prompts" });
        await tools.WaitForAsync(NotificationMethods.ToolListChangedNotification);
        await client.CallToolAsync("demo__add_prompt", new Dictionary<string, object?> { ["name"] = "for_prompts" });
        await prompts.WaitForAsync(NotificationMethods.PromptListChangedNotification);

        // A stream delivers in order: had the tools change been sent to the prompts-only stream, it would be there by now.
        Assert.DoesNotContain(prompts.Received, r => r.Method == NotificationMethods.ToolListChangedNotification);
        Assert.DoesNotContain(tools.Received, r => r.Method == NotificationMethods.PromptListChangedNotification);
    }

    [Fact]
    public async Task Listen_ResourceSubscription_GetsTheUpstreamsUpdateUnderTheClientsUri()
    {
        await using var client = await Connect2026Async("/mcp");
        await using var listen = await ListenRecorder.OpenAsync(client, "res-1", new JsonObject
        {
            ["resourceSubscriptions"] = new JsonArray("demo+test://static/hello", "nosuch+test://x"),
        });

        await client.CallToolAsync("demo__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });
        var updated = await listen.WaitForAsync(NotificationMethods.ResourceUpdatedNotification);

        var granted = listen.Received[0].Params["notifications"]!["resourceSubscriptions"]!.AsArray();
        Assert.Equal(["demo+test://static/hello"], granted.Select(u => u!.GetValue<string>()));
        Assert.Equal("demo+test://static/hello", updated["uri"]!.GetValue<string>());
        Assert.Equal("res-1", updated["_meta"]![ListenRecorder.SubscriptionIdKey]!.GetValue<string>());
    }

    [Fact]
    public async Task Listen_ClientClosesTheStream_TheGatewayLetsItGo()
    {
        await using var client = await Connect2026Async("/mcp");
        var listens = new List<ListenRecorder>();
        for (var i = 0; i < 3; i++)
        {
            listens.Add(await ListenRecorder.OpenAsync(client, $"closing-{i}", new JsonObject { ["toolsListChanged"] = true, ["resourceSubscriptions"] = new JsonArray("demo+test://static/hello") }));
        }

        await _gateway.WaitUntilAsync(async () => await OpenListensAsync() == 3, "three open listens", 15);
        foreach (var listen in listens)
        {
            await listen.DisposeAsync();
        }

        await _gateway.WaitUntilAsync(async () => await OpenListensAsync() == 0, "the closed listens to be let go", 15);
    }

    [Fact]
    public async Task Listen_GatewayStopsGracefully_TheListenGetsItsFinalResponse()
    {
        await using var client = await Connect2026Async("/mcp");
        await using var listen = await ListenRecorder.OpenAsync(client, "until-stop", new JsonObject { ["toolsListChanged"] = true });

        var exit = _gateway.TerminateAsync(TimeSpan.FromSeconds(30));
        var response = await listen.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("until-stop", response.Result?["_meta"]?[ListenRecorder.SubscriptionIdKey]?.GetValue<string>());
        Assert.Equal("complete", response.Result?["resultType"]?.GetValue<string>());
        Assert.Equal(0, await exit);
    }

    private async Task<int> OpenListensAsync() => (await _gateway.StatusAsync()).GetProperty("listens").GetInt32();

    private Task<McpClient> Connect2026Async(string path) => TestClients.ConnectStatelessAsync(_gateway, path);
}
