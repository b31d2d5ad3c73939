using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// An MCP client whose config file <c>mcpgw client setup</c> writes: where the file is by default, which object holds
/// the servers, and what one server entry looks like in it (each client's format differs).
/// </summary>
internal sealed record McpClientTarget(string Name, string ServersKey, bool TakesUrl, bool Typed)
{
    /// <summary>Claude Desktop: <c>claude_desktop_config.json</c>, <c>mcpServers</c>, stdio entries only (no <c>url</c>).</summary>
    public static readonly McpClientTarget ClaudeDesktop = new("claude-desktop", "mcpServers", TakesUrl: false, Typed: false);

    /// <summary>Claude Code: the project's <c>.mcp.json</c>, <c>mcpServers</c> with <c>type: http|stdio</c>.</summary>
    public static readonly McpClientTarget ClaudeCode = new("claude-code", "mcpServers", TakesUrl: true, Typed: true);

    /// <summary>Cursor: <c>~/.cursor/mcp.json</c>, <c>mcpServers</c> with <c>url</c> or <c>command</c>.</summary>
    public static readonly McpClientTarget Cursor = new("cursor", "mcpServers", TakesUrl: true, Typed: false);

    /// <summary>VS Code: the workspace's <c>.vscode/mcp.json</c>, <c>servers</c> with <c>type: http|stdio</c>.</summary>
    public static readonly McpClientTarget VsCode = new("vscode", "servers", TakesUrl: true, Typed: true);

    public static IReadOnlyList<McpClientTarget> All { get; } = [ClaudeDesktop, ClaudeCode, Cursor, VsCode];

    /// <summary>The client's config file on this OS when <c>--file</c> does not say (Linux, macOS and Windows paths).</summary>
    public string DefaultPath()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Name switch
        {
            "claude-desktop" when OperatingSystem.IsWindows() =>
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Claude", "claude_desktop_config.json"),
            "claude-desktop" when OperatingSystem.IsMacOS() =>
                Path.Combine(home, "Library", "Application Support", "Claude", "claude_desktop_config.json"),
            "claude-desktop" => Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".config"), "Claude", "claude_desktop_config.json"),
            "claude-code" => Path.Combine(Directory.GetCurrentDirectory(), ".mcp.json"),
            "cursor" => Path.Combine(home, ".cursor", "mcp.json"),
            _ => Path.Combine(Directory.GetCurrentDirectory(), ".vscode", "mcp.json"),
        };
    }

    /// <summary>An entry for the gateway's Streamable HTTP endpoint (for Claude Desktop: the <c>mcp-remote</c> stdio bridge to it).</summary>
    public JsonObject UrlEntry(string url, string? key)
    {
        if (!TakesUrl)
        {
            // Claude Desktop starts local processes only; mcp-remote (npm) bridges its stdio to a Streamable HTTP URL.
            var args = new JsonArray("-y", "mcp-remote", url);
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http" && !uri.IsLoopback)
            {
                // mcp-remote refuses plain HTTP to anything but localhost unless told.
                args.Add("--allow-http");
            }

            var bridge = new JsonObject { ["command"] = "npx", ["args"] = args };
            if (key is not null)
            {
                args.Add("--header");
                args.Add("Authorization:${MCPGW_AUTH_HEADER}");
                bridge["env"] = new JsonObject { ["MCPGW_AUTH_HEADER"] = "Bearer " + key };
            }

            return bridge;
        }

        var entry = Typed ? new JsonObject { ["type"] = "http", ["url"] = url } : new JsonObject { ["url"] = url };
        if (key is not null)
        {
            entry["headers"] = new JsonObject { ["Authorization"] = "Bearer " + key };
        }

        return entry;
    }

    /// <summary>An entry that starts <c>mcpgw stdio</c> as the client's child process.</summary>
    public JsonObject StdioEntry(string command, IEnumerable<string> args, string? key)
    {
        var entry = Typed ? new JsonObject { ["type"] = "stdio" } : [];
        entry["command"] = command;
        entry["args"] = new JsonArray(args.Select(a => (JsonNode)a).ToArray());
        if (key is not null)
        {
            entry["env"] = new JsonObject { ["MCPGW_KEY"] = key };
        }

        return entry;
    }
}
