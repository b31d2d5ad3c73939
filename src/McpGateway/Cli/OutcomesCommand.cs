using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw outcomes reconcile &lt;execution-id&gt; [--verdict executed|not_executed] [--note text]</c>: settle an open
/// execution with its probe, or give an operator's verdict on an ended one whose outcome nothing could check.
/// </summary>
internal static class OutcomesCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("execution-id");
        var verdict = new Option<string?>("--verdict") { Description = "executed | not_executed: what you checked happened (ended calls whose outcome is unknown)" };
        verdict.AcceptOnlyFromAmong("executed", "not_executed");
        var note = new Option<string?>("--note") { Description = "How you know, kept with the verdict" };
        var reconcile = RemoteCommand.Create("reconcile", "Settle a call whose outcome is unknown", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, "/v1/outcomes/reconcile", new JsonObject
            {
                ["execution_id"] = r.GetValue(id),
                ["verdict"] = r.GetValue(verdict),
                ["note"] = r.GetValue(note),
            }, ct), id, verdict, note);
        var command = new Command("outcomes", "Calls whose outcome is unknown");
        command.Subcommands.Add(reconcile);
        return command;
    }
}
