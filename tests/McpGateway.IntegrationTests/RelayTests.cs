using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

public sealed class RelayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Sampling_UpstreamAsksDuringCall_RelayedToCallingClient()
    {
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
                {
                    Model = "test-model",
                    Role = Role.Assistant,
                    Content = [new TextContentBlock { Text = "short: " + ((TextContentBlock)request!.Messages[0].Content[0]).Text.Length }],
                }),
            },
        };
        await using var client = await Gateway.ConnectAsync("/mcp", options);

        var result = await client.CallToolAsync("demo__summarize", new Dictionary<string, object?> { ["text"] = "a long text" });

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("sampled: short:", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elicitation_UpstreamAsksDuringCall_RelayedToCallingClient()
    {
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, System.Text.Json.JsonElement>
                    {
                        ["answer"] = System.Text.Json.JsonSerializer.SerializeToElement("blue because " + request!.Message),
                    },
                }),
            },
        };
        await using var client = await Gateway.ConnectAsync("/mcp", options);

        var result = await client.CallToolAsync("demo__ask_user", new Dictionary<string, object?> { ["question"] = "favourite colour?" });

        Assert.Contains("user said: blue because", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elicitation_ClientWithoutCapability_ToolGetsAnErrorNotAHang()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__ask_user", new Dictionary<string, object?> { ["question"] = "anyone?" })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.IsError);
    }
}
