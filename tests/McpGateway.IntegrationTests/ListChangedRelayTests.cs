using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>Upstream list changes and upstream cancellations reach the client through the gateway.</summary>
public sealed class ListChangedRelayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task UpstreamAddsResourceAndPrompt_ClientGetsBothListChangedAndSeesThem()
    {
        await using var client = await Gateway.ConnectAsync();
        var resourcesChanged = Signal(client, NotificationMethods.ResourceListChangedNotification, out var r1);
        var promptsChanged = Signal(client, NotificationMethods.PromptListChangedNotification, out var r2);
        await using (r1)
        await using (r2)
        {
            await client.CallToolAsync("demo__add_resource", new Dictionary<string, object?> { ["uri"] = "test://added/one", ["text"] = "fresh" });
            await client.CallToolAsync("demo__add_prompt", new Dictionary<string, object?> { ["name"] = "added_prompt" });

            await resourcesChanged.WaitAsync(TimeSpan.FromSeconds(15));
            await promptsChanged.WaitAsync(TimeSpan.FromSeconds(15));
        }

        await Gateway.WaitUntilAsync(async () => (await client.ListResourcesAsync()).Any(r => r.Uri == "demo+test://added/one"), "the new resource");
        Assert.Equal("fresh", Assert.IsType<TextResourceContents>((await client.ReadResourceAsync("demo+test://added/one")).Contents[0]).Text);
        Assert.Contains(await client.ListPromptsAsync(), p => p.Name == "demo__added_prompt");
    }

    [Fact]
    public async Task UpstreamCancelsItsElicitation_ClientHandlerIsCancelled()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = async (_, ct) =>
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        handlerCancelled.TrySetResult();
                        throw;
                    }

                    return new ElicitResult { Action = "decline" };
                },
            },
        };
        // An upstream withdrawing its own request (notifications/cancelled) is a 2025-11-25 session feature: a 2026-07-28
        // upstream asks by InputRequiredResult and has nothing to withdraw. So this upstream is held to 2025-11-25.
        await using var gateway = await GatewayProcess.StartAsync(
            TestConfigs.Header + TestConfigs.StdioUpstream("demo").Replace(".dll\"]", ".dll\", \"--protocol\", \"2025-11-25\"]", StringComparison.Ordinal), "demo");
        await using var client = await gateway.ConnectAsync("/mcp", options);

        var result = await client.CallToolAsync("demo__ask_then_give_up", new Dictionary<string, object?> { ["question"] = "still there?", ["ms"] = 500 });

        Assert.Equal("gave up waiting", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        await handlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private static Task Signal(McpClient client, string method, out IAsyncDisposable registration)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registration = client.RegisterNotificationHandler(method, (_, _) =>
        {
            seen.TrySetResult();
            return ValueTask.CompletedTask;
        });
        return seen.Task;
    }
}
