using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw client setup claude-desktop|claude-code|cursor|vscode [--url URL|--stdio] [--dry-run] [--file PATH]</c>:
/// writes the gateway's entry into the client's config file, merged with what is there (<see cref="JsonConfigMerge"/>);
/// running it twice changes nothing.
/// </summary>
internal static class ClientSetupCommand
{
    public static Command Create()
    {
        var client = new Argument<string>("client") { Description = "claude-desktop, claude-code, cursor or vscode" };
        client.AcceptOnlyFromAmong(McpClientTarget.All.Select(t => t.Name).ToArray());
        var url = new Option<string?>("--url") { Description = $"The gateway's MCP endpoint (default: MCPGW_URL, then gateway.listen of the config, then {GatewayClient.DefaultUrl}; /mcp is added to a bare base URL)" };
        var stdio = new Option<bool>("--stdio") { Description = "Start `mcpgw stdio --config <config>` as the client's child process instead of connecting to a URL" };
        var config = new Option<string?>("--config", "-c") { Description = "The connectors.yaml (for --stdio; default ./connectors.yaml)" };
        var key = new Option<string?>("--key") { Description = "An API key to write into the entry (a header, or MCPGW_KEY for --stdio); never taken from MCPGW_KEY unasked" };
        var name = new Option<string>("--name") { Description = "The server's name in the client", DefaultValueFactory = _ => "mcpgw" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the file as it would be written; write nothing" };
        var file = new Option<string?>("--file") { Description = "The client's config file (default: where the client keeps it on this OS)" };
        var setup = new Command("setup", "Add the gateway to an MCP client's config file (merged with the entries there; idempotent)")
        {
            client, url, stdio, config, key, name, dryRun, file,
        };
        setup.SetAction(async (r, ct) =>
        {
            var target = McpClientTarget.All.Single(t => t.Name == r.GetValue(client));
            if (r.GetValue(stdio) && r.GetValue(url) is not null)
            {
                await Console.Error.WriteLineAsync("Give --url or --stdio, not both.");
                return ExitCodes.Usage;
            }

            var entry = r.GetValue(stdio) ? StdioEntry(target, r.GetValue(config), r.GetValue(key)) : UrlEntry(target, r.GetValue(config), r.GetValue(url), r.GetValue(key));
            if (entry is null)
            {
                return ExitCodes.Usage;
            }

            var path = Path.GetFullPath(r.GetValue(file) ?? target.DefaultPath());
            return await ApplyAsync(target, path, r.GetValue(name)!, entry, r.GetValue(dryRun), ct);
        });
        var command = new Command("client", "Connect MCP clients (Claude Desktop, Claude Code, Cursor, VS Code) to the gateway");
        command.Subcommands.Add(setup);
        return command;
    }

    private static JsonObject? UrlEntry(McpClientTarget target, string? config, string? url, string? key)
    {
        if (GatewayClient.Locate(config, url) is not { } located)
        {
            return null;
        }

        // A bare base URL means the aggregated endpoint; /c/{connector}/mcp and /s/{name}/mcp are taken as they are.
        var endpoint = located.Url.AbsolutePath is "/" or "" ? new Uri(located.Url, "/mcp").ToString() : located.Url.ToString();
        if (!target.TakesUrl)
        {
            Console.Error.WriteLine($"Claude Desktop starts only local (stdio) servers: the entry runs `npx -y mcp-remote {endpoint}` (Node.js) as a bridge. --stdio runs the gateway itself instead.");
        }

        return target.UrlEntry(endpoint, key);
    }

    private static JsonObject? StdioEntry(McpClientTarget target, string? config, string? key)
    {
        var configPath = Path.GetFullPath(config ?? "connectors.yaml");
        if (!File.Exists(configPath))
        {
            Console.Error.WriteLine($"No {configPath}: --stdio runs the gateway with a connectors.yaml; give it with --config.");
            return null;
        }

        // A client starts the entry from a working folder of its own, so every path in it is absolute.
        var process = Environment.ProcessPath ?? "mcpgw";
        var viaDotnet = Path.GetFileNameWithoutExtension(process) == "dotnet";
        List<string> args = viaDotnet ? [Path.Combine(AppContext.BaseDirectory, "mcpgw.dll")] : [];
        args.AddRange(["stdio", "--config", configPath]);
        return target.StdioEntry(viaDotnet ? process : Path.GetFullPath(process), args, key);
    }

    private static async Task<int> ApplyAsync(McpClientTarget target, string path, string name, JsonObject entry, bool dryRun, CancellationToken ct)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
        string? merged;
        try
        {
            merged = JsonConfigMerge.Merge(existing, target.ServersKey, name, entry);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"{path} is left as it is: {ex.Message} Add this under \"{target.ServersKey}\" by hand:");
            Console.WriteLine(new JsonObject { [name] = entry }.ToJsonString(CliOutput.Json));
            return ExitCodes.Error;
        }

        if (dryRun)
        {
            Console.Write(merged ?? existing);
            await Console.Error.WriteLineAsync(merged is null
                ? $"Dry run: {path} already has {target.ServersKey}.{name} as it would be written."
                : $"Dry run: {path} would be written as above (nothing written).");
            return ExitCodes.Ok;
        }

        if (merged is null)
        {
            Console.WriteLine($"{path} already has {target.ServersKey}.{name}; nothing changed.");
            return ExitCodes.Ok;
        }

        try
        {
            JsonConfigMerge.Write(path, merged);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot write {path}: {ex.Message}");
            return ExitCodes.Error;
        }

        Console.WriteLine($"{(existing is null ? "Created" : "Updated")} {path}: {target.ServersKey}.{name}. Restart or reload {target.Name} to connect.");
        return ExitCodes.Ok;
    }
}
