using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>With <c>auth: keys</c>, resources, prompts and completions are scoped like tools: scopes, allowlists and the resources gate.</summary>
public sealed class ResourcePromptScopeTests(KeysGatewayFixture fixture) : IClassFixture<KeysGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private async Task<McpClient> ConnectAsync(string name, string scopes, params string[] extra) =>
        await ApiKeys.ConnectAsync(Gateway, await ApiKeys.CreateAsync(Gateway, name, name + "-agent", scopes, extra));

    [Fact]
    public async Task KeyWithOnlyApprovalsRead_ListingReadingAndCompleting_JsonRpcErrorsNamingTheScope()
    {
        await using var client = await ConnectAsync("approver-only", "approvals:read");

        var list = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ListResourcesAsync());
        var templates = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ListResourceTemplatesAsync());
        var read = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("demo+test://static/hello"));
        var subscribe = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.SubscribeToResourceAsync("demo+test://static/hello"));
        var prompts = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ListPromptsAsync());
        var prompt = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.GetPromptAsync("demo__greet", new Dictionary<string, object?> { ["name"] = "Ann" }));
        var complete = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CompleteAsync(new PromptReference { Name = "demo__greet" }, "name", "al"));

        Assert.All([list, templates, read, subscribe], e => Assert.Contains("resources:read", e.Message, StringComparison.Ordinal));
        Assert.All([prompts, prompt, complete], e => Assert.Contains("prompts:read", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("hello world", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyWithOnlyApprovalsRead_ConnectorEndpoint_RefusedToo()
    {
        var key = await ApiKeys.CreateAsync(Gateway, "approver-c", "approver-c-agent", "approvals:read");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Gateway.Url("/c/demo/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        }), TestClients.Sessions());

        await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("test://static/hello"));
        await Assert.ThrowsAsync<McpProtocolException>(async () => await client.GetPromptAsync("greet", new Dictionary<string, object?> { ["name"] = "Ann" }));
    }

    [Fact]
    public async Task ToolsReadKey_KeepsReadingResourcesAndPrompts()
    {
        await using var client = await ConnectAsync("reader", "tools:read");

        var resources = await client.ListResourcesAsync();
        var read = await client.ReadResourceAsync("demo+test://static/hello");
        var prompt = await client.GetPromptAsync("demo__greet", new Dictionary<string, object?> { ["name"] = "Ann" });

        Assert.Contains(resources, r => r.Uri == "demo+test://static/hello");
        Assert.Equal("hello world", Assert.IsType<TextResourceContents>(read.Contents[0]).Text);
        Assert.Contains("Hello, Ann!", Assert.IsType<TextContentBlock>(prompt.Messages[0].Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewScopes_EachGrantsItsOwnKindOnly()
    {
        await using var resourcesOnly = await ConnectAsync("res-only", "resources:read");
        await using var promptsOnly = await ConnectAsync("prompts-only", "prompts:read");

        Assert.NotEmpty(await resourcesOnly.ListResourcesAsync());
        await Assert.ThrowsAsync<McpProtocolException>(async () => await resourcesOnly.ListPromptsAsync());
        Assert.NotEmpty(await promptsOnly.ListPromptsAsync());
        await Assert.ThrowsAsync<McpProtocolException>(async () => await promptsOnly.ReadResourceAsync("demo+test://static/hello"));
    }

    [Fact]
    public async Task AllowedToolsOfAnotherConnector_ResourcesAndPromptsFilteredAndRefused()
    {
        await using var other = await ConnectAsync("other-only", "tools:read", "--allowed-tools", "billing__*");
        await using var demo = await ConnectAsync("demo-echo", "tools:read", "--allowed-tools", "demo__echo");

        var otherResources = await other.ListResourcesAsync();
        var otherPrompts = await other.ListPromptsAsync();
        var read = await Assert.ThrowsAsync<McpProtocolException>(async () => await other.ReadResourceAsync("demo+test://static/hello"));
        var completion = await Assert.ThrowsAsync<McpProtocolException>(async () => await other.CompleteAsync(new PromptReference { Name = "demo__greet" }, "name", "al"));

        Assert.Empty(otherResources);
        Assert.Empty(otherPrompts);
        Assert.Contains("demo", read.Message, StringComparison.Ordinal);
        Assert.Contains("allowed tools", completion.Message, StringComparison.Ordinal);
        Assert.Contains(await demo.ListResourcesAsync(), r => r.Uri == "demo+test://static/hello");
        Assert.Contains(await demo.ListPromptsAsync(), p => p.Name == "demo__greet");
    }

    [Fact]
    public async Task ResourcesGate_OnlyTheResourcesItNames()
    {
        await using var client = await ConnectAsync("item-7", "tools:read", "--resources", "7");

        var resources = await client.ListResourcesAsync();
        var item = await client.ReadResourceAsync("demo+test://items/7");
        var other = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("demo+test://items/8"));
        var hello = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ReadResourceAsync("demo+test://static/hello"));
        var completion = await client.CompleteAsync(new ResourceTemplateReference { Uri = "demo+test://items/{id}" }, "id", "");

        Assert.DoesNotContain(resources, r => r.Uri == "demo+test://static/hello");
        Assert.Equal("item 7", Assert.IsType<TextResourceContents>(item.Contents[0]).Text);
        Assert.Contains("resources 7", other.Message, StringComparison.Ordinal);
        Assert.Contains("resources 7", hello.Message, StringComparison.Ordinal);
        Assert.All(completion.Completion.Values, v => Assert.Equal("7", v));
    }
}
