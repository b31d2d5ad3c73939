using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw mcp-servers list|show|create|rotate|delete</c>: registered MCP servers on a running gateway (admin scope).</summary>
internal static class McpServersCommand
{
    public static Command Create()
    {
        var command = new Command("mcp-servers", "Manage registered MCP servers: token-protected endpoints /s/{name}/mcp exposing chosen tools");
        var name = new Argument<string>("name") { Description = "The server's name" };
        var page = new PageOptions();
        command.Subcommands.Add(RemoteCommand.Create("list", "List registered servers (never their tokens)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, page.Path("/v1/mcp-servers", r), null, ct, CliOutput.Page(null,
                ("NAME", x => CliOutput.Text(x["name"])), ("ENDPOINT", x => CliOutput.Text(x["endpoint"])), ("TOKEN", x => CliOutput.Text(x["token_prefix"]) + "…"),
                ("TOOLS", x => string.Join(" ", (x["tools"] as JsonArray ?? []).Select(CliOutput.Text))), ("DESCRIPTION", x => CliOutput.Text(x["description"])))), page.Symbols));
        var tools = new Option<string[]>("--tools") { Description = "Tool name globs it exposes, e.g. demo__get_* flow__*", Required = true, AllowMultipleArgumentsPerToken = true };
        var description = new Option<string?>("--description") { Description = "What it is for" };
        command.Subcommands.Add(RemoteCommand.Create("create", "Register a server; prints its bearer token once (only its hash is kept)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, "/v1/mcp-servers", new JsonObject
            {
                ["name"] = r.GetValue(name),
                ["description"] = r.GetValue(description),
                ["tools"] = new JsonArray((r.GetValue(tools) ?? []).Select(t => (JsonNode?)t).ToArray()),
            }, ct), name, tools, description));
        command.Subcommands.Add(RemoteCommand.Create("show", "Show one registered server (never its token)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, $"/v1/mcp-servers/{RemoteCommand.Escape(r.GetValue(name)!)}", null, ct), name));
        command.Subcommands.Add(RemoteCommand.Create("rotate", "Issue a new token; the old one stops working at once", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/mcp-servers/{RemoteCommand.Escape(r.GetValue(name)!)}/rotate", new JsonObject(), ct), name));
        command.Subcommands.Add(RemoteCommand.Create("delete", "Remove a server; its endpoint answers 404 from then on", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Delete, $"/v1/mcp-servers/{RemoteCommand.Escape(r.GetValue(name)!)}", null, ct), name));
        return command;
    }
}
