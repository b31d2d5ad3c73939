using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

public sealed class SupervisionTests
{
    [Fact]
    public async Task UpstreamKilledMidSession_RestartsAndToolsComeBack()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();
        var pid = await PidAsync(client);
        var changes = 0;
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            Interlocked.Increment(ref changes);
            return ValueTask.CompletedTask;
        });

        await client.CallToolAsync("demo__crash", new Dictionary<string, object?>());

        // Its tools leave the catalog while it is down and return after the restart; clients hear both.
        await gateway.WaitUntilAsync(async () => (await gateway.ConnectorStatusAsync("demo")).GetProperty("restarts").GetInt32() >= 1, "a restart");
        await gateway.WaitConnectedAsync("demo");
        await gateway.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref changes) >= 2), "list_changed for down and up");
        Assert.NotEqual(pid, await PidAsync(client));
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "back" });
        Assert.Equal("back", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task UpstreamDown_CallFailsFastWithReasonNotUnknownTool()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo() + TestConfigs.StdioUpstream("other"), "demo", "other");
        await using var client = await gateway.ConnectAsync("/c/demo/mcp");
        await client.CallToolAsync("crash", new Dictionary<string, object?>());

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "x" }).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // Either the restart already happened and the call ran, or it is refused at once with the reason: never a hang
        // and never "unknown tool" for a tool whose connector is only restarting.
        var text = Assert.IsType<TextContentBlock>(result.Content[0]).Text;
        Assert.True(text == "x" || (result.IsError == true && text.Contains("not connected", StringComparison.Ordinal)), text);
    }

    [Fact]
    public async Task FailingConnector_DoesNotDelayOthers()
    {
        var yaml = TestConfigs.WithDemo() + """
              broken:
                kind: mcp-stdio
                command: /definitely/not/here

            """;

        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        await gateway.WaitUntilAsync(async () => (await gateway.ConnectorStatusAsync("broken")).GetProperty("reason").GetString() is { Length: > 0 }, "broken's reason");
        var broken = await gateway.ConnectorStatusAsync("broken");
        Assert.Contains(broken.GetProperty("state").GetString(), new[] { "failed", "restarting", "connecting" });
        Assert.Contains("/definitely/not/here", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static async Task<int> PidAsync(McpClient client) =>
        (await client.CallToolAsync("demo__get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("pid").GetInt32();
}
