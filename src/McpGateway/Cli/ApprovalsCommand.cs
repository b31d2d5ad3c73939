using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw approvals list|show|approve|reject</c> against a running gateway.</summary>
internal static class ApprovalsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("approvals", "List and decide pending approvals");
        command.Subcommands.Add(Make("list", "List approvals", null, (c, id, r, ct) =>
            c.SendAsync(HttpMethod.Get, "/v1/approvals?status=" + (r.GetValue<string?>("--status") ?? "pending"), null, ct), withStatus: true));
        command.Subcommands.Add(Make("show", "Show one approval with its live state and drift", "id", (c, id, r, ct) =>
            c.SendAsync(HttpMethod.Get, $"/v1/approvals/{Uri.EscapeDataString(id!)}?live=true", null, ct)));
        command.Subcommands.Add(Make("approve", "Approve: re-check the live state and execute if the contract holds", "id", (c, id, r, ct) =>
            c.SendAsync(HttpMethod.Post, $"/v1/approvals/{Uri.EscapeDataString(id!)}/approve",
                new JsonObject { ["state"] = r.GetValue<string?>("--state") is { } s ? JsonNode.Parse(s) : null }, ct), withState: true));
        command.Subcommands.Add(Make("reject", "Reject: nothing is executed", "id", (c, id, r, ct) =>
            c.SendAsync(HttpMethod.Post, $"/v1/approvals/{Uri.EscapeDataString(id!)}/reject", new JsonObject { ["reason"] = r.GetValue<string?>("--reason") }, ct), withReason: true));
        return command;
    }

    private static Command Make(
        string name, string description, string? argument,
        Func<GatewayClient, string?, ParseResult, CancellationToken, Task<(int Exit, JsonNode? Body)>> send,
        bool withStatus = false, bool withState = false, bool withReason = false)
    {
        var config = CliOptions.Config();
        var url = GatewayClient.UrlOption();
        var key = GatewayClient.KeyOption();
        var command = new Command(name, description) { config, url, key };
        Argument<string>? id = null;
        if (argument is not null)
        {
            id = new Argument<string>(argument);
            command.Arguments.Add(id);
        }

        if (withStatus)
        {
            command.Options.Add(new Option<string?>("--status") { Description = "pending (default), all, executed, rejected, ..." });
        }

        if (withState)
        {
            command.Options.Add(new Option<string?>("--state") { Description = "The live state as a JSON object (default: refetch or frozen)" });
        }

        if (withReason)
        {
            command.Options.Add(new Option<string?>("--reason") { Description = "Why" });
        }

        command.SetAction(async (r, ct) =>
        {
            using var client = GatewayClient.Create(r.GetValue(config)!, r.GetValue(url), r.GetValue(key));
            if (client is null)
            {
                return 2;
            }

            var (exit, body) = await send(client, id is null ? null : r.GetValue(id), r, ct);
            if (body is not null)
            {
                Console.WriteLine(body.ToJsonString(Indented));
            }

            return exit;
        });
        return command;
    }
}
