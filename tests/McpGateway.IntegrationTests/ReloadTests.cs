using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

public sealed class ReloadTests
{
    [Fact]
    public async Task ConnectorAddedToYaml_ClientsGetListChangedAndNewTools()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();
        var changed = 0;
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            Interlocked.Increment(ref changed);
            return ValueTask.CompletedTask;
        });

        await File.WriteAllTextAsync(gateway.ConfigPath, TestConfigs.WithDemo() + TestConfigs.StdioUpstream("extra"));

        await gateway.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref changed) > 0), "tools/list_changed");
        await gateway.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == "extra__echo"), "extra__echo to be listed");
        var result = await client.CallToolAsync("extra__echo", new Dictionary<string, object?> { ["text"] = "new connector" });
        Assert.Equal("new connector", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task ConnectorRemovedFromYaml_ItsToolsDisappear()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo() + TestConfigs.StdioUpstream("extra"), "demo", "extra");
        await using var client = await gateway.ConnectAsync();

        await File.WriteAllTextAsync(gateway.ConfigPath, TestConfigs.WithDemo());

        await gateway.WaitUntilAsync(async () => (await client.ListToolsAsync()).All(t => !t.Name.StartsWith("extra__", StringComparison.Ordinal)), "extra's tools to go");
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "demo__echo");
    }

    [Fact]
    public async Task ToolOverrideChanged_CardsRepublishedWithoutRestart()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();
        var pid = await UpstreamPidAsync(client);

        await File.WriteAllTextAsync(gateway.ConfigPath, TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    tools:\n      echo:\n        description: Says it back.\n      fail:\n        enabled: false\n"));

        await gateway.WaitUntilAsync(async () => (await client.ListToolsAsync()).Any(t => t.Name == "demo__echo" && t.Description == "Says it back."), "the new description");
        var tools = await client.ListToolsAsync();
        Assert.DoesNotContain(tools, t => t.Name == "demo__fail");
        Assert.Equal(pid, await UpstreamPidAsync(client));
    }

    [Fact]
    public async Task InvalidReload_KeepsLastGoodConfigAndServing()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();

        await File.WriteAllTextAsync(gateway.ConfigPath, "connectors:\n  demo:\n    kind: mcp-carrier-pigeon\n");

        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("unknown kind 'mcp-carrier-pigeon'", StringComparison.Ordinal)), "the rejection to be logged");
        Assert.Contains("Kept the last good configuration", gateway.Output, StringComparison.Ordinal);
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "still here" });
        Assert.Equal("still here", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Theory]
    [InlineData("alias bomb", "aliases expand to more than 100000 nodes")]
    [InlineData("deep nesting", "nests more than 64 levels")]
    [InlineData("list as a key", "a mapping key must be a plain value")]
    public async Task ReloadOverAYamlLimit_KeepsLastGoodConfigAndServing(string bad, string message)
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await using var client = await gateway.ConnectAsync();
        var yaml = bad switch
        {
            // Nine levels of aliases, ten uses each, under a tool's probe args: 10^9 nodes once expanded.
            "alias bomb" => TestConfigs.WithDemo() + "    tools:\n      echo:\n        probe:\n          tool: get_stats\n          succeeded_when: \"true\"\n          args:\n" +
                "            l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" +
                string.Concat(Enumerable.Range(1, 9).Select(l => $"            l{l}: &l{l} [{string.Join(", ", Enumerable.Repeat($"*l{l - 1}", 10))}]\n")),
            "deep nesting" => TestConfigs.WithDemo() + "    x_deep: " + new string('[', 100_000) + new string(']', 100_000) + "\n",
            _ => TestConfigs.WithDemo() + "  ? [a, b]\n  : { kind: mcp-stdio, command: x }\n",
        };

        await File.WriteAllTextAsync(gateway.ConfigPath, yaml);

        // The watcher may first see the file half written (another error, also kept back): wait for this error.
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains(message, StringComparison.Ordinal)), "the rejection to be logged");
        Assert.Contains("Kept the last good configuration", gateway.Output, StringComparison.Ordinal);
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "still here" });
        Assert.Equal("still here", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    private static async Task<int> UpstreamPidAsync(ModelContextProtocol.Client.McpClient client) =>
        (await client.CallToolAsync("demo__get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("pid").GetInt32();
}
