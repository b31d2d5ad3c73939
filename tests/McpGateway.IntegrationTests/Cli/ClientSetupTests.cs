using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Cli;

/// <summary>
/// <c>mcpgw client setup</c> against sample config files of each client: the entry in that client's format, merged
/// without losing other entries, settings, order or indentation; a second run changes nothing; a dry run writes nothing.
/// </summary>
public sealed class ClientSetupTests : IDisposable
{
    private const string Url = "http://127.0.0.1:18080/mcp";
    private readonly TempDirectory _dir = new("mcpgw-client-setup-");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> Samples => new()
    {
        {
            "claude-desktop", "mcpServers", """
            {
                "mcpServers": {
                    "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }
                },
                "globalShortcut": "Ctrl+Space"
            }
            """
        },
        {
            "claude-code", "mcpServers", """
            {
              "mcpServers": {
                "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" }
              }
            }
            """
        },
        {
            "cursor", "mcpServers", """
            {
              "mcpServers": {
                "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": { "DEBUG": "é+1" } }
              }
            }
            """
        },
        {
            "vscode", "servers", """
            {
            	"inputs": [ { "type": "promptString", "id": "token", "password": true } ],
            	"servers": {
            		"memory": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }
            	}
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Setup_ExistingFile_AddsTheEntryAndKeepsEverythingElse(string client, string serversKey, string sample)
    {
        var file = await WriteAsync(client + ".json", sample);
        var before = JsonNode.Parse(sample)!.AsObject();

        var run = await SetupAsync(client, "--url", Url, "--file", file);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = await File.ReadAllTextAsync(file);
        var after = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(before.Select(p => p.Key), after.Select(p => p.Key).Take(before.Count));
        foreach (var (key, value) in before)
        {
            if (key != serversKey)
            {
                Assert.True(JsonNode.DeepEquals(value, after[key]), key);
            }
        }

        var servers = after[serversKey]!.AsObject();
        foreach (var (name, entry) in before[serversKey]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(entry, servers[name]), name);
        }

        Assert.Equal(before[serversKey]!.AsObject().Count + 1, servers.Count);
        Assert.Equal("mcpgw", servers.Last().Key);
        Assert.Equal(IndentOf(sample), IndentOf(text));
        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude-code", "mcpServers", """{"type":"http","url":"http://127.0.0.1:18080/mcp"}""")]
    [InlineData("cursor", "mcpServers", """{"url":"http://127.0.0.1:18080/mcp"}""")]
    [InlineData("vscode", "servers", """{"type":"http","url":"http://127.0.0.1:18080/mcp"}""")]
    [InlineData("claude-desktop", "mcpServers", """{"command":"npx","args":["-y","mcp-remote","http://127.0.0.1:18080/mcp"]}""")]
    public async Task Setup_Url_WritesTheClientsFormat(string client, string serversKey, string expected)
    {
        var file = Path.Combine(_dir.Path, client, "config.json");

        var run = await SetupAsync(client, "--url", "http://127.0.0.1:18080", "--file", file);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var entry = JsonNode.Parse(await File.ReadAllTextAsync(file))![serversKey]!["mcpgw"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), entry), entry?.ToJsonString());
    }

    [Fact]
    public async Task Setup_ClaudeDesktopUrl_IsAStdioBridgeNeverAUrlEntry()
    {
        var file = Path.Combine(_dir.Path, "claude_desktop_config.json");

        var run = await SetupAsync("claude-desktop", "--url", Url, "--key", "mcpgw_k", "--file", file);

        var entry = JsonNode.Parse(await File.ReadAllTextAsync(file))!["mcpServers"]!["mcpgw"]!.AsObject();
        Assert.Null(entry["url"]);
        Assert.Equal("npx", entry["command"]!.GetValue<string>());
        Assert.Equal("Bearer mcpgw_k", entry["env"]!["MCPGW_AUTH_HEADER"]!.GetValue<string>());
        Assert.Contains("mcp-remote", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vscode", "servers", "stdio")]
    [InlineData("claude-desktop", "mcpServers", null)]
    public async Task Setup_Stdio_StartsMcpgwStdioWithTheConfigsAbsolutePath(string client, string serversKey, string? type)
    {
        var config = await WriteAsync("connectors.yaml", "connectors: {}\n");
        var file = Path.Combine(_dir.Path, "out.json");

        var run = await CliRunner.RunAsync(_dir.Path, "client", "setup", client, "--stdio", "--file", file);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var entry = JsonNode.Parse(await File.ReadAllTextAsync(file))![serversKey]!["mcpgw"]!;
        Assert.Equal(type, entry["type"]?.GetValue<string>());
        var args = entry["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["stdio", "--config", config], args.TakeLast(3));
        Assert.True(Path.IsPathRooted(entry["command"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Setup_RunTwice_SecondRunChangesNothing(string client, string serversKey, string sample)
    {
        _ = serversKey;
        var file = await WriteAsync(client + ".json", sample);

        await SetupAsync(client, "--url", Url, "--file", file);
        var first = await File.ReadAllBytesAsync(file);
        var second = await SetupAsync(client, "--url", Url, "--file", file);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first, await File.ReadAllBytesAsync(file));
        Assert.Contains("nothing changed", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_DryRun_PrintsTheFileAndWritesNothing()
    {
        var sample = (string)Samples.First()[2];
        var file = await WriteAsync("claude_desktop_config.json", sample);
        var missing = Path.Combine(_dir.Path, "new", "mcp.json");

        var existing = await SetupAsync("claude-desktop", "--url", Url, "--file", file, "--dry-run");
        var created = await SetupAsync("cursor", "--url", Url, "--file", missing, "--dry-run");

        Assert.Equal(0, existing.ExitCode);
        Assert.Equal(sample, await File.ReadAllTextAsync(file));
        Assert.NotNull(JsonNode.Parse(existing.Stdout)!["mcpServers"]!["mcpgw"]);
        Assert.NotNull(JsonNode.Parse(existing.Stdout)!["mcpServers"]!["files"]);
        Assert.Equal(0, created.ExitCode);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task Setup_FileWithComments_IsLeftAsItIs()
    {
        const string jsonc = "{\n  // my servers\n  \"servers\": {},\n}\n";
        var file = await WriteAsync("mcp.json", jsonc);

        var run = await SetupAsync("vscode", "--url", Url, "--file", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(jsonc, await File.ReadAllTextAsync(file));
        Assert.Contains("comments", run.Stderr, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(run.Stdout)!["mcpgw"]);
    }

    [Fact]
    public async Task Setup_WithoutFile_WritesWhereTheClientKeepsIt()
    {
        var home = Path.Combine(_dir.Path, "home");
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = null };

        var cursor = await CliRunner.RunAsync(_dir.Path, environment, "client", "setup", "cursor", "--url", Url);
        var desktop = await CliRunner.RunAsync(_dir.Path, environment, "client", "setup", "claude-desktop", "--url", Url);
        var code = await CliRunner.RunAsync(_dir.Path, environment, "client", "setup", "claude-code", "--url", Url);
        var vscode = await CliRunner.RunAsync(_dir.Path, environment, "client", "setup", "vscode", "--url", Url);

        Assert.True(cursor.ExitCode + desktop.ExitCode + code.ExitCode + vscode.ExitCode == 0, cursor.Stderr + desktop.Stderr + code.Stderr + vscode.Stderr);
        Assert.True(File.Exists(Path.Combine(home, ".cursor", "mcp.json")));
        Assert.True(File.Exists(Path.Combine(home, ".config", "Claude", "claude_desktop_config.json")));
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".mcp.json")));
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".vscode", "mcp.json")));
    }

    private Task<CliRun> SetupAsync(string client, params string[] args) => CliRunner.RunAsync(_dir.Path, ["client", "setup", client, .. args]);

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static string IndentOf(string text) =>
        text.Split('\n').Select(l => l[..(l.Length - l.TrimStart(' ', '\t').Length)]).First(i => i.Length > 0);
}
