using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

public sealed class ResourcePromptTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ListResources_Aggregated_NamespacesUrisWithConnector()
    {
        await using var client = await Gateway.ConnectAsync();

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();

        Assert.Contains(resources, r => r.Uri == "demo+test://static/hello");
        Assert.Contains(templates, t => t.UriTemplate == "demo+test://items/{id}");
    }

    [Fact]
    public async Task ReadResource_NamespacedUri_RoutesToUpstreamAndKeepsNamespace()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.ReadResourceAsync("demo+test://static/hello");
        var item = await client.ReadResourceAsync("demo+test://items/7");

        var text = Assert.IsType<TextResourceContents>(result.Contents[0]);
        Assert.Equal("hello world", text.Text);
        Assert.Equal("demo+test://static/hello", text.Uri);
        Assert.Equal("item 7", Assert.IsType<TextResourceContents>(item.Contents[0]).Text);
    }

    [Fact]
    public async Task ReadResource_ConnectorEndpoint_UsesUpstreamUris()
    {
        await using var client = await Gateway.ConnectAsync("/c/demo/mcp");

        var resources = await client.ListResourcesAsync();
        var result = await client.ReadResourceAsync("test://static/hello");

        Assert.Contains(resources, r => r.Uri == "test://static/hello");
        Assert.Equal("test://static/hello", result.Contents[0].Uri);
    }

    [Fact]
    public async Task ReadResource_Unknown_IsProtocolErrorAndGatewayKeepsServing()
    {
        await using var client = await Gateway.ConnectAsync();

        await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("nope+test://x"));
        await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("no-namespace"));
        var ok = await client.ReadResourceAsync("demo+test://static/hello");

        Assert.Single(ok.Contents);
    }

    [Fact]
    public async Task Prompts_Aggregated_ListedGotAndCompleted()
    {
        await using var client = await Gateway.ConnectAsync();

        var prompts = await client.ListPromptsAsync();
        var prompt = await client.GetPromptAsync("demo__greet", new Dictionary<string, object?> { ["name"] = "Ann" });
        var completion = await client.CompleteAsync(new PromptReference { Name = "demo__greet" }, "name", "al");

        Assert.Contains(prompts, p => p.Name == "demo__greet");
        Assert.Contains("Hello, Ann!", Assert.IsType<TextContentBlock>(prompt.Messages[0].Content).Text, StringComparison.Ordinal);
        Assert.Contains("alice", completion.Completion.Values);
        Assert.DoesNotContain("bob", completion.Completion.Values);
    }

    [Fact]
    public async Task Complete_ResourceTemplateArgument_RoutesByNamespacedUri()
    {
        await using var client = await Gateway.ConnectAsync();

        var completion = await client.CompleteAsync(new ResourceTemplateReference { Uri = "demo+test://items/{id}" }, "id", "");

        Assert.Contains("1", completion.Completion.Values);
    }

    [Fact]
    public async Task Subscribe_UpstreamUpdatesResource_SubscriberIsNotified()
    {
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await Gateway.ConnectAsync();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updated.TrySetResult(n.Params!["uri"]!.GetValue<string>());
            return ValueTask.CompletedTask;
        });

        await client.SubscribeToResourceAsync("demo+test://static/hello");
        await client.CallToolAsync("demo__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });

        Assert.Equal("demo+test://static/hello", await updated.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task LogMessages_AfterSetLevel_ReachTheClient()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await Gateway.ConnectAsync();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (n, _) =>
        {
            received.TrySetResult(n.Params!.ToJsonString());
            return ValueTask.CompletedTask;
        });

        await client.SetLoggingLevelAsync(LoggingLevel.Debug);
        await client.CallToolAsync("demo__log", new Dictionary<string, object?> { ["level"] = "warning", ["message"] = "disk almost full" });

        Assert.Contains("disk almost full", await received.Task.WaitAsync(TimeSpan.FromSeconds(15)), StringComparison.Ordinal);
    }
}
