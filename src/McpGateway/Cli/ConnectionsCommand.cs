using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Connections;
namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw connections list|set|delete</c> against a running gateway (it holds the master key). <c>set</c> reads the
/// value from stdin or <c>--value-file</c>, never from a flag: argv is visible to every user in <c>ps</c> and lands in
/// shell history.
/// </summary>
internal static class ConnectionsCommand
{
    public static Command Create()
    {
        var command = new Command("connections", "Manage encrypted connections (credentials referenced as ${secret:name} in connectors.yaml)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command List()
    {
        var page = new PageOptions();
        return RemoteCommand.Create("list", "List connections: names, types and field names, never values", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, page.Path("/v1/connections", r), null, ct, CliOutput.Page(null,
                ("NAME", x => CliOutput.Text(x["name"])), ("TYPE", x => CliOutput.Text(x["type"])), ("DISPLAY NAME", x => CliOutput.Text(x["display_name"])),
                ("FIELDS", x => string.Join(",", (x["fields"] as JsonArray ?? []).Select(CliOutput.Text))), ("UPDATED", x => CliOutput.Text(x["updated_at"])))), page.Symbols);
    }

    private static Command Set()
    {
        var name = new Argument<string>("name") { Description = "The connection's name (lower-case slug)" };
        var type = new Option<string>("--type") { Description = $"One of {string.Join(", ", ConnectionTypes.All)}", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "A human label" };
        var valueFile = new Option<string?>("--value-file")
        {
            Description = "Read the value from this file instead of stdin. The value is a JSON object with the type's fields " +
                "(SECRET_TEXT also takes the bare secret). There is deliberately no --value flag: command lines are visible in ps and shell history.",
        };
        return RemoteCommand.Create("set", "Create or replace a connection; the value is read from stdin or --value-file", async (c, r, ct) =>
        {
            var path = r.GetValue(valueFile);
            var text = path is null ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            var value = ParseValue(r.GetValue(type)!, text);
            if (value is null)
            {
                await Console.Error.WriteLineAsync("The value must be a JSON object with the type's fields, e.g. {\"username\": \"…\", \"password\": \"…\"}.");
                return ExitCodes.Usage;
            }

            var body = new JsonObject { ["type"] = r.GetValue(type), ["value"] = value, ["display_name"] = r.GetValue(displayName) };
            return await RemoteCommand.PrintAsync(c, HttpMethod.Put, "/v1/connections/" + RemoteCommand.Escape(r.GetValue(name)!), body, ct);
        }, name, type, displayName, valueFile);
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The connection's name" };
        return RemoteCommand.Create("delete", "Delete a connection", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Delete, "/v1/connections/" + RemoteCommand.Escape(r.GetValue(name)!), null, ct), name);
    }

    /// <summary>A JSON object as given; for SECRET_TEXT, anything else is the bare secret (one trailing newline dropped).</summary>
    private static JsonObject? ParseValue(string type, string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                return o;
            }
        }
        catch (JsonException)
        {
        }

        return type == ConnectionTypes.SecretText ? new JsonObject { ["secret"] = text.EndsWith('\n') ? text.TrimEnd('\n').TrimEnd('\r') : text } : null;
    }
}
