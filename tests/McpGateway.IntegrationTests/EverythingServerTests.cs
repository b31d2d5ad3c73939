using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// A third-party upstream, <c>@modelcontextprotocol/server-everything</c> over stdio, behind the gateway's
/// aggregated endpoint: its tools and resources under the connector's namespace.
/// </summary>
public sealed class EverythingServerTests : IAsyncLifetime
{
    private static readonly string PackageDir =
        Path.Combine(TestPaths.ConformanceDir, "node_modules", "@modelcontextprotocol", "server-everything", "dist");

    private GatewayProcess _gateway = null!;

    // xunit makes one instance per test and none for a skipped test, so a missing install never starts a gateway.
    public async Task InitializeAsync()
    {
        var yaml = TestConfigs.Header + $"""
              everything:
                kind: mcp-stdio
                command: node
                args: [{JsonSerializer.Serialize(Path.Combine(PackageDir, "index.js"))}, "stdio"]

            """;
        _gateway = await GatewayProcess.StartAsync(yaml, "everything");
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [NpmFact]
    public async Task ListTools_EverythingConnector_ListsUpstreamToolsUnderConnectorPrefix()
    {
        await using var client = await _gateway.ConnectAsync();

        var tools = await client.ListToolsAsync();

        Assert.Contains(tools, t => t.Name == "everything__echo");
        Assert.Contains(tools, t => t.Name == "everything__get-sum");
        Assert.All(tools.Where(t => !t.Name.StartsWith("gateway__", StringComparison.Ordinal)), t => Assert.StartsWith("everything__", t.Name));
    }

    [NpmFact]
    public async Task CallTool_EverythingEcho_ReturnsUpstreamEcho()
    {
        await using var client = await _gateway.ConnectAsync();

        var result = await client.CallToolAsync("everything__echo", new Dictionary<string, object?> { ["message"] = "hello everything" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Echo: hello everything", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [NpmFact]
    public async Task CallTool_EverythingGetSum_ReturnsSumOfArguments()
    {
        await using var client = await _gateway.ConnectAsync();

        var result = await client.CallToolAsync("everything__get-sum", new Dictionary<string, object?> { ["a"] = 17, ["b"] = 25.5 });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("The sum of 17 and 25.5 is 42.5.", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [NpmFact]
    public async Task ReadResource_EverythingDocument_ReadsUpstreamFileUnderNamespacedUri()
    {
        await using var client = await _gateway.ConnectAsync();
        const string upstreamUri = "demo://resource/static/document/features.md";

        var resources = await client.ListResourcesAsync();
        var listed = Assert.Single(resources, r => r.Uri == "everything+" + upstreamUri);
        var read = await client.ReadResourceAsync(listed.Uri);

        Assert.All(resources, r => Assert.StartsWith("everything+", r.Uri));
        var content = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal(listed.Uri, content.Uri);
        Assert.Equal("text/markdown", content.MimeType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(PackageDir, "docs", "features.md")), content.Text);
    }
}
