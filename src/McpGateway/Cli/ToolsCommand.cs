using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw tools list|show NAME</c>: the capability cards a key may see (<c>GET /v1/tools</c>).</summary>
internal static class ToolsCommand
{
    public static Command Create()
    {
        var command = new Command("tools", "The gateway's tools and their capability cards");
        command.Subcommands.Add(RemoteCommand.Create("list", "List the tools the key may see", (c, _, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, "/v1/tools", null, ct, CliOutput.List("tools", null,
                ("NAME", t => CliOutput.Text(t["name"])), ("CONNECTOR", t => CliOutput.Text(t["connector"])), ("RISK", t => CliOutput.Text(t["risk"])),
                ("FLAGS", Flags), ("DESCRIPTION", t => FirstLine(CliOutput.Text(t["description"])))))));

        var name = new Argument<string>("name") { Description = "The tool's name as agents see it ({connector}__{tool}, flow__{flow})" };
        command.Subcommands.Add(RemoteCommand.Create("show", "Show one tool's capability card with its input schema", async (c, r, ct) =>
        {
            var (exit, body) = await c.SendAsync(HttpMethod.Get, "/v1/tools", null, ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }

            var wanted = r.GetValue(name)!;
            var tools = (body?["tools"] as JsonArray ?? []).Where(t => t is not null).Select(t => t!).ToList();
            if (tools.FirstOrDefault(t => CliOutput.Text(t["name"]) == wanted) is not { } tool)
            {
                var near = tools.Select(t => CliOutput.Text(t["name"])).Where(n => n.Contains(wanted, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
                await Console.Error.WriteLineAsync($"No tool '{wanted}' (or the key may not see it)." + (near.Count > 0 ? $" Did you mean: {string.Join(", ", near)}?" : ""));
                return ExitCodes.NotFound;
            }

            CliOutput.Write(tool, c.Output);
            return ExitCodes.Ok;
        }, name));
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
