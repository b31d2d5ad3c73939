using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Cli;

/// <summary>
/// How a remote command finds the gateway: <c>--url</c>, then <c>MCPGW_URL</c>, then <c>gateway.listen</c> of the
/// config in the current folder, then http://127.0.0.1:8080; the key: <c>--key</c>, then <c>MCPGW_KEY</c>.
/// </summary>
public sealed class FindGatewayTests : IAsyncLifetime
{
    private const string Unreachable = "http://127.0.0.1:9/";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
    private readonly TempDirectory _elsewhere = new("mcpgw-cli-cwd-");
    private GatewayProcess _gateway = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_stateDir, auth: "keys"), "demo");
        _key = await ApiKeys.CreateAsync(_gateway, "find-cli", "agent-find", "tools:read");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _elsewhere.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Url_FromMcpgwUrl_WhenNoUrlOption()
    {
        var run = await RunAsync(_elsewhere.Path, new() { ["MCPGW_URL"] = _gateway.BaseUrl.ToString(), ["MCPGW_KEY"] = _key }, "tools", "list", "-o", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.NotEmpty(JsonNode.Parse(run.Stdout)!["data"]!.AsArray());
    }

    [Fact]
    public async Task UrlOption_WinsOverMcpgwUrl()
    {
        var run = await RunAsync(_elsewhere.Path, new() { ["MCPGW_URL"] = _gateway.BaseUrl.ToString(), ["MCPGW_KEY"] = _key }, "tools", "list", "--url", Unreachable);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Cannot reach the gateway at {Unreachable} (--url)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_FromTheConfigInTheCurrentFolder_WhenNoOptionOrVariable()
    {
        using var dir = new TempDirectory("mcpgw-cli-config-");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "connectors.yaml"), $"gateway:\n  listen: {_gateway.BaseUrl.ToString().TrimEnd('/')}\nconnectors: {{}}\n");

        var run = await RunAsync(dir.Path, new() { ["MCPGW_KEY"] = _key }, "tools", "list", "-o", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.NotEmpty(JsonNode.Parse(run.Stdout)!["data"]!.AsArray());
    }

    [Fact]
    public async Task Url_IsTheDefault_WithNothingElse()
    {
        var run = await RunAsync(_elsewhere.Path, [], "tools", "list");

        // Another gateway on this machine may answer on 8080; when none does, the error names the default.
        if (run.ExitCode != 0)
        {
            Assert.Contains("http://127.0.0.1:8080/ (the default)", run.Stderr + run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Key_FromMcpgwKey_AndKeyOptionWins()
    {
        var fromEnv = await RunAsync(_elsewhere.Path, new() { ["MCPGW_KEY"] = _key }, "tools", "list", "--url", _gateway.BaseUrl.ToString(), "-o", "json");
        var optionWins = await RunAsync(_elsewhere.Path, new() { ["MCPGW_KEY"] = _key }, "tools", "list", "--url", _gateway.BaseUrl.ToString(), "--key", "mcpgw_wrong");
        var none = await RunAsync(_elsewhere.Path, [], "tools", "list", "--url", _gateway.BaseUrl.ToString());

        Assert.True(fromEnv.ExitCode == 0, fromEnv.Stderr);
        Assert.Equal(5, optionWins.ExitCode);
        Assert.Equal(5, none.ExitCode);
        Assert.Contains("401", none.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliRun> RunAsync(string dir, Dictionary<string, string?> environment, params string[] args) => CliRunner.RunAsync(dir, environment, args);
}
