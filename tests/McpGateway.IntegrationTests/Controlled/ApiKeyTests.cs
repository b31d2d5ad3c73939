using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>Scoped API keys through the real host: 401 without a key, 403/isError without the scope, read-only and allowlists.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_stateDir, auth: "keys"), "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task NoKey_Is401_OnMcpAndRest()
    {
        var (rest, _) = await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "hi" });
        var mcp = await Assert.ThrowsAnyAsync<Exception>(() => _gateway.ConnectAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, rest);
        Assert.Contains("401", mcp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyWithoutToolsCall_IsForbidden()
    {
        var key = await CreateKeyAsync("reader", "agent-r", "tools:read");

        var (rest, body) = await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "hi" }, apiKey: key);
        await using var client = await ConnectAsync(key);
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.Forbidden, rest);
        Assert.Contains("tools:call", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result.IsError);
        Assert.Contains("tools:call", string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyKey_CannotCallADestructiveTool_AndListsOnlyReadOnlyTools()
    {
        var key = await CreateKeyAsync("ro", "agent-ro", "tools:call", "--read-only");
        await using var client = await ConnectAsync(key);

        var tools = await client.ListToolsAsync();
        var charge = await client.CallToolAsync("demo__charge", new Dictionary<string, object?> { ["payment_id"] = "pay_ro", ["amount"] = 1 });
        var lookup = await client.CallToolAsync("demo__lookup_payment", new Dictionary<string, object?> { ["payment_id"] = "pay_ro" });

        Assert.Contains(tools, t => t.Name == "demo__lookup_payment");
        Assert.DoesNotContain(tools, t => t.Name == "demo__charge");
        Assert.True(charge.IsError);
        Assert.NotEqual(true, lookup.IsError);
        Assert.Equal(0, JsonNode.Parse(lookup.StructuredContent!.Value.GetRawText())!["charges"]!.GetValue<int>());
    }

    [Fact]
    public async Task AllowedTools_LimitWhatIsListedAndCalled_AndTheKeysAgentWins()
    {
        var key = await CreateKeyAsync("invoices", "agent-inv", "tools:call,traces:read", "--allowed-tools", "demo__get_*");
        await using var client = await ConnectAsync(key);

        var tools = await client.ListToolsAsync();
        var (status, _) = await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "x" }, apiKey: key);
        var (ok, body) = await Rest.CallAsync(_gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_1" }, apiKey: key,
            extra: new JsonObject { ["context"] = new JsonObject { ["agent"] = "someone-else" } });
        var (_, trace) = await Rest.SendAsync(_gateway, HttpMethod.Get, $"/v1/executions/{body["execution_id"]}", apiKey: key);

        Assert.All(tools, t => Assert.StartsWith("demo__get_", t.Name, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("agent-inv", trace["agent"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokedKey_StopsWorking()
    {
        var key = await CreateKeyAsync("short-lived", "agent-s", "tools:call");
        var (before, _) = await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "x" }, apiKey: key);

        var revoke = await CliRunner.RunAsync(_gateway.Dir, "keys", "revoke", "short-lived", "--config", _gateway.ConfigPath);
        var after = HttpStatusCode.OK;
        await _gateway.WaitUntilAsync(async () =>
        {
            (after, _) = await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "x" }, apiKey: key);
            return after != HttpStatusCode.OK;
        }, "the revoked key to stop working (the key cache lasts 5 s)", timeoutSeconds: 30);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    [Fact]
    public async Task Stdio_WithoutAKey_RefusesToServe()
    {
        var run = await CliRunner.RunAsync(_gateway.Dir, "stdio", "--config", _gateway.ConfigPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("requires an API key", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysList_NeverShowsSecrets()
    {
        var key = await CreateKeyAsync("listed", "agent-l", "tools:read");

        var list = await CliRunner.RunAsync(_gateway.Dir, "keys", "list", "--config", _gateway.ConfigPath);

        Assert.Contains("listed", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithoutKey_Is401_WithoutToolsRead_Is403_WithIt_200()
    {
        var approver = await CreateKeyAsync("status-approver", "agent-sa", "approvals:read");
        var reader = await CreateKeyAsync("status-reader", "agent-sr", "tools:read");

        var (none, _) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/status");
        var (wrong, _) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/status", apiKey: approver);
        var (right, body) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/status", apiKey: reader);

        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Equal(HttpStatusCode.Forbidden, wrong);
        Assert.Equal(HttpStatusCode.OK, right);
        Assert.Contains(body["connectors"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "demo");
    }

    [Fact]
    public async Task StatusCli_SendsTheKey_AndWithoutOneSays401()
    {
        var reader = await CreateKeyAsync("status-cli", "agent-sc", "tools:read");
        var url = _gateway.BaseUrl.ToString();

        var withKey = await CliRunner.RunAsync(_gateway.Dir, "status", "--url", url, "--key", reader);
        var without = await CliRunner.RunAsync(_gateway.Dir, "status", "--url", url);

        Assert.Equal(0, withKey.ExitCode);
        Assert.Contains("demo ", withKey.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, without.ExitCode); // denied (README, "Exit codes")
        Assert.Contains("401: An API key is required", without.Stderr, StringComparison.Ordinal);
    }

    private Task<string> CreateKeyAsync(string name, string agent, string scopes, params string[] extra) =>
        ApiKeys.CreateAsync(_gateway, name, agent, scopes, extra);

    private Task<McpClient> ConnectAsync(string key) => ApiKeys.ConnectAsync(_gateway, key);
}
