using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Servers;

/// <summary>Registered MCP servers through the real host: a token-protected <c>/s/{name}/mcp</c> with a filtered tool list.</summary>
public sealed class McpServerTests
{
    private const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Fact]
    public async Task CreateServer_TokenWorksOnItsEndpoint_ToolsFilteredAndJournaledAsTheServer()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var (status, created) = await CreateAsync(gateway, "support", "demo__echo", "demo__get_*");
        var token = created["token"]!.GetValue<string>();
        await using var client = await ConnectAsync(gateway, "support", token);

        var tools = await client.ListToolsAsync();
        var echo = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "via server" });
        var refused = await client.CallToolAsync("demo__sleep", new Dictionary<string, object?> { ["ms"] = 1 });
        var (_, traces) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/traces?tool=demo__echo");
        var (_, one) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/mcp-servers/support");
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/mcp-servers");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("mcps_", token, StringComparison.Ordinal);
        Assert.Contains(tools, t => t.Name == "demo__echo");
        Assert.All(tools, t => Assert.True(t.Name == "demo__echo" || t.Name.StartsWith("demo__get_", StringComparison.Ordinal), t.Name));
        Assert.NotEqual(true, echo.IsError);
        Assert.True(refused.IsError);
        Assert.Contains("allowed tools", Text(refused), StringComparison.Ordinal);
        Assert.Equal("mcp-server:support", traces["data"]![0]!["agent"]!.GetValue<string>());
        Assert.Null(one["token"]);
        Assert.DoesNotContain(token, list.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("/s/support/mcp", one["endpoint"]!.GetValue<string>());
        Assert.Null(client.ServerCapabilities.Resources);
        Assert.Null(client.ServerCapabilities.Prompts);
    }

    [Fact]
    public async Task Cli_CreateListRotateDelete_TokenShownOnceAndOldOneCut()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var url = gateway.BaseUrl.ToString();

        var create = await CliRunner.RunAsync(gateway.Dir, "mcp-servers", "create", "cli-srv", "--tools", "demo__echo", "flow__*", "--url", url, "-o", "json");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var token = JsonNode.Parse(create.Stdout)!["token"]!.GetValue<string>();
        var list = await CliRunner.RunAsync(gateway.Dir, "mcp-servers", "list", "--url", url);
        var rotate = await CliRunner.RunAsync(gateway.Dir, "mcp-servers", "rotate", "cli-srv", "--url", url, "-o", "json");
        var rotated = JsonNode.Parse(rotate.Stdout)!["token"]!.GetValue<string>();

        Assert.Contains("cli-srv", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(token, rotated);
        Assert.Equal(HttpStatusCode.Unauthorized, await InitializeAsync(gateway, "/s/cli-srv/mcp", token));
        Assert.Equal(HttpStatusCode.OK, await InitializeAsync(gateway, "/s/cli-srv/mcp", rotated));
        var delete = await CliRunner.RunAsync(gateway.Dir, "mcp-servers", "delete", "cli-srv", "--url", url);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(HttpStatusCode.NotFound, await InitializeAsync(gateway, "/s/cli-srv/mcp", rotated));
    }

    [Fact]
    public async Task ServerEndpoint_NoTokenWrongTokenUnknownName_Are401And404()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await CreateAsync(gateway, "support", "demo__*");

        var none = await InitializeAsync(gateway, "/s/support/mcp", null);
        var wrong = await InitializeAsync(gateway, "/s/support/mcp", "mcps_wrong");
        var unknown = await InitializeAsync(gateway, "/s/nobody/mcp", "mcps_wrong");
        var (duplicate, _) = await CreateAsync(gateway, "support", "demo__*");
        var (noTools, problem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/mcp-servers", new JsonObject { ["name"] = "x", ["tools"] = new JsonArray() });

        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTools);
        Assert.Contains("'tools'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_OldTokenIs401AtOnceEvenOnAnOpenSession_NewTokenWorks()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var (_, created) = await CreateAsync(gateway, "support", "demo__echo");
        var oldToken = created["token"]!.GetValue<string>();
        await using var old = await ConnectAsync(gateway, "support", oldToken);
        await old.ListToolsAsync();

        var (rotated, body) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/mcp-servers/support/rotate");
        var newToken = body["token"]!.GetValue<string>();
        var oldFresh = await InitializeAsync(gateway, "/s/support/mcp", oldToken);
        var oldSession = await Assert.ThrowsAnyAsync<Exception>(() => old.ListToolsAsync().AsTask());
        await using var fresh = await ConnectAsync(gateway, "support", newToken);
        var echo = await fresh.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "rotated" });

        Assert.Equal(HttpStatusCode.OK, rotated);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(HttpStatusCode.Unauthorized, oldFresh);
        Assert.Contains("401", oldSession.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(true, echo.IsError);
    }

    [Fact]
    public async Task Delete_ServerGone_ItsEndpointIs404()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var (_, created) = await CreateAsync(gateway, "temp", "demo__*");

        var (deleted, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/mcp-servers/temp");
        var after = await InitializeAsync(gateway, "/s/temp/mcp", created["token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, after);
    }

    private static Task<(HttpStatusCode Status, JsonNode Body)> CreateAsync(GatewayProcess gateway, string name, params string[] globs) =>
        Rest.SendAsync(gateway, HttpMethod.Post, "/v1/mcp-servers", new JsonObject
        {
            ["name"] = name,
            ["description"] = "tools for the support bot",
            ["tools"] = new JsonArray(globs.Select(g => (JsonNode)g).ToArray()),
        });

    private static Task<McpClient> ConnectAsync(GatewayProcess gateway, string name, string token) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = gateway.Url($"/s/{name}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        }), TestClients.Sessions());

    private static async Task<HttpStatusCode> InitializeAsync(GatewayProcess gateway, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url(path)) { Content = new StringContent(InitializeBody, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
