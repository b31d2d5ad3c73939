using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw tools list|show NAME</c>: the capability cards a key may see (<c>GET /v1/tools</c>); <c>tools quarantined|pin
/// NAME|accept NAME</c>: definition pinning (<c>/v1/tools/quarantined</c>, <c>/v1/tools/{name}/pin</c>, <c>/accept</c>).
/// </summary>
internal static class ToolsCommand
{
    public static Command Create()
    {
        var command = new Command("tools", "The gateway's tools and their capability cards");
        var page = new PageOptions();
        command.Subcommands.Add(RemoteCommand.Create("list", "List the tools the key may see, by name", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, page.Path("/v1/tools", r), null, ct, CliOutput.Page(null,
                ("NAME", t => CliOutput.Text(t["name"])), ("CONNECTOR", t => CliOutput.Text(t["connector"])), ("RISK", t => CliOutput.Text(t["risk"])),
                ("FLAGS", Flags), ("DESCRIPTION", t => FirstLine(CliOutput.Text(t["description"]))))), page.Symbols));

        var name = new Argument<string>("name") { Description = "The tool's name as agents see it ({connector}__{tool}, flow__{flow})" };
        command.Subcommands.Add(RemoteCommand.Create("show", "Show one tool's capability card with its input schema", async (c, r, ct) =>
        {
            var (exit, rows) = await PageOptions.ReadAllAsync(c, "/v1/tools", ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }

            var wanted = r.GetValue(name)!;
            var tools = rows.Where(t => t is not null).Select(t => t!).ToList();
            if (tools.FirstOrDefault(t => CliOutput.Text(t["name"]) == wanted) is not { } tool)
            {
                var near = tools.Select(t => CliOutput.Text(t["name"])).Where(n => n.Contains(wanted, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
                await Console.Error.WriteLineAsync($"No tool '{wanted}' (or the key may not see it)." + (near.Count > 0 ? $" Did you mean: {string.Join(", ", near)}?" : ""));
                return ExitCodes.NotFound;
            }

            CliOutput.Write(tool, c.Output);
            return ExitCodes.Ok;
        }, name));

        command.Subcommands.Add(RemoteCommand.Create("pin", "Show a tool's pinned definition beside the one its upstream lists now, and the pin's history (admin)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, $"/v1/tools/{RemoteCommand.Escape(r.GetValue(name)!)}/pin", null, ct), name));
        command.Subcommands.Add(RemoteCommand.Create("accept", "Accept a quarantined tool's changed definition as its new pin, so it is listed and callable again (admin)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/tools/{RemoteCommand.Escape(r.GetValue(name)!)}/accept", null, ct), name));
        var quarantinedPage = new PageOptions();
        command.Subcommands.Add(RemoteCommand.Create("quarantined", "List the tools hidden because their upstream changed their definition (admin)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, quarantinedPage.Path("/v1/tools/quarantined", r), null, ct, CliOutput.Page(null,
                ("NAME", t => CliOutput.Text(t["name"])), ("CONNECTOR", t => CliOutput.Text(t["connector"])),
                ("PINNED", t => CliOutput.Text(t["pinned_hash"])[..12]), ("NOW", t => CliOutput.Text(t["definition_hash"])[..12]))), quarantinedPage.Symbols));
        return command;
    }

    private static readonly string[] FlagNames = ["read_only", "destructive", "idempotent"];

    private static string Flags(JsonNode tool) => string.Join(",", FlagNames
        .Where(f => tool[f] is JsonValue v && v.TryGetValue<bool>(out var b) && b));

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : line[..79] + "…";
    }
}
