using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw status</c>: asks a running gateway for its version and its connectors' state.</summary>
internal static class StatusCommand
{
    public static Command Create() =>
        RemoteCommand.Create("status", "Show the gateway's version and connectors: state, reason, tool counts (with auth: keys, a key with tools:read). Exit code 6 when a connector is not connected", async (client, _, ct) =>
        {
            var (exit, status) = await client.SendAsync(HttpMethod.Get, "/v1/status", null, ct);
            if (exit != ExitCodes.Ok || status is null)
            {
                return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
            }

            CliOutput.Write(status, client.Output, body =>
            {
                Console.WriteLine($"mcpgw {body["version"]}: {(body["connectors"] as JsonArray)?.Count ?? 0} connectors, {body["sessions"]} sessions");
                CliOutput.List("connectors", 2,
                    ("CONNECTOR", c => CliOutput.Text(c["name"])), ("KIND", c => CliOutput.Text(c["kind"])), ("STATE", c => CliOutput.Text(c["state"])),
                    ("TOOLS", c => CliOutput.Text(c["tools"])), ("RESTARTS", c => CliOutput.Text(c["restarts"])), ("REASON", c => CliOutput.Text(c["reason"])))(body);
            });

            var states = (status["connectors"] as JsonArray ?? []).Select(c => c?["state"]?.GetValue<string>());
            return states.All(s => s is "connected" or "disabled") ? ExitCodes.Ok : ExitCodes.Degraded;
        });
}
