using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw approvals list|show|approve|reject</c> against a running gateway.</summary>
internal static class ApprovalsCommand
{
    public static Command Create()
    {
        var command = new Command("approvals", "List and decide pending approvals");
        var id = new Argument<string>("id");
        var status = new Option<string?>("--status") { Description = "pending (default), all, executed, rejected, ..." };
        var state = new Option<string?>("--state") { Description = "The live state as a JSON object (default: refetch or frozen)" };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var page = new PageOptions();
        command.Subcommands.Add(RemoteCommand.Create("list", "List approvals, newest first", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, page.Path("/v1/approvals?status=" + RemoteCommand.Escape(r.GetValue(status) ?? "pending"), r), null, ct,
                CliOutput.Page(1,
                    ("ID", a => CliOutput.Text(a["id"])), ("STATUS", a => CliOutput.Text(a["status"])), ("TOOL", a => CliOutput.Text(a["tool"])),
                    ("AGENT", a => CliOutput.Text(a["agent"])), ("CREATED", a => CliOutput.Text(a["created_at"])), ("ARGUMENTS", a => CliOutput.Text(a["arguments"])))),
            [status, .. page.Symbols]));
        command.Subcommands.Add(RemoteCommand.Create("show", "Show one approval with its live state and drift", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, $"/v1/approvals/{RemoteCommand.Escape(r.GetValue(id)!)}?live=true", null, ct), id));
        command.Subcommands.Add(RemoteCommand.Create("approve", "Approve: re-check the live state and execute if the contract holds", async (c, r, ct) =>
        {
            JsonNode? live;
            try
            {
                live = r.GetValue(state) is { } s ? JsonNode.Parse(s) : null;
            }
            catch (System.Text.Json.JsonException ex)
            {
                await Console.Error.WriteLineAsync($"--state is not JSON: {ex.Message}");
                return ExitCodes.Usage;
            }

            return await RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/approvals/{RemoteCommand.Escape(r.GetValue(id)!)}/approve", new JsonObject { ["state"] = live }, ct);
        }, id, state));
        command.Subcommands.Add(RemoteCommand.Create("reject", "Reject: nothing is executed", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/approvals/{RemoteCommand.Escape(r.GetValue(id)!)}/reject",
                new JsonObject { ["reason"] = r.GetValue(reason) }, ct), id, reason));
        return command;
    }
}
