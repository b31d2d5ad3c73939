using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw runs list|show|cancel|retry|pause|resume|watch</c> against a running gateway.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "Inspect, cancel, retry, pause, resume and watch flow runs");
        var id = new Argument<string>("run") { Description = "Run id (run_…)" };
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RemoteCommand.Create("show", "Show a run with its node executions", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}", null, ct, run =>
            {
                var fields = run.DeepClone().AsObject();
                fields.Remove("nodes");
                CliOutput.Fields(fields);
                Console.WriteLine();
                CliOutput.List("nodes", 1,
                    ("STEP", n => CliOutput.Text(n["step"]) + (n["iteration"]?.GetValue<int>() is > 0 and var i ? $"#{i}" : "")),
                    ("STATUS", n => CliOutput.Text(n["status"])), ("ATTEMPTS", n => CliOutput.Text(n["attempts"])),
                    ("DURATION", n => n["duration_ms"] is { } d ? $"{d} ms" : ""), ("ERROR", n => CliOutput.Text(n["error"])))(run);
            }), id));
        command.Subcommands.Add(RemoteCommand.Create("cancel", "Cancel a run", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}/cancel", new JsonObject(), ct), id));
        var latest = new Option<bool>("--latest-version") { Description = "Start a new run on the flow's latest version instead of continuing from the failed step" };
        command.Subcommands.Add(RemoteCommand.Create("retry", "Retry a failed run from its failed step (or on the latest version)", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}/retry",
                new JsonObject { ["mode"] = r.GetValue(latest) ? "latest_version" : "from_failed" }, ct), id, latest));
        var by = new Option<string?>("--by") { Description = "Who pauses, for the reason shown (default: the key's agent)" };
        command.Subcommands.Add(RemoteCommand.Create("pause", "Pause a run: no new step starts; steps in flight finish", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}/pause",
                new JsonObject { ["by"] = r.GetValue(by) }, ct), id, by));
        command.Subcommands.Add(RemoteCommand.Create("resume", "Resume a paused run", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}/resume", new JsonObject(), ct), id));
        command.Subcommands.Add(WatchCommand(id));
        return command;
    }

    private static Command ListCommand()
    {
        var flow = new Option<string?>("--flow") { Description = "Only runs of this flow" };
        var status = new Option<string?>("--status") { Description = "PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, TIMEOUT or CANCELED" };
        var origin = new Option<string?>("--origin") { Description = "MANUAL, API, MCP, WEBHOOK, CRON or FLOW" };
        var environment = new Option<string?>("--environment") { Description = "PRODUCTION or TESTING" };
        var page = new PageOptions();
        var tag = new Option<string?>("--tag") { Description = "Only runs carrying this tag" };
        return RemoteCommand.Create("list", "List runs, newest first", async (c, r, ct) =>
        {
            var query = new StringBuilder("/v1/runs?");
            void Add(string name, string? value)
            {
                if (value is not null)
                {
                    query.Append(name).Append('=').Append(RemoteCommand.Escape(value)).Append('&');
                }
            }

            Add("flow", r.GetValue(flow));
            Add("status", r.GetValue(status));
            Add("origin", r.GetValue(origin));
            Add("environment", r.GetValue(environment));
            Add("tag", r.GetValue(tag));
            return await RemoteCommand.PrintAsync(c, HttpMethod.Get, page.Path(query.ToString().TrimEnd('&', '?'), r), null, ct,
                CliOutput.Page(3,
                    ("ID", run => CliOutput.Text(run["id"])), ("FLOW", run => CliOutput.Text(run["flow"])), ("VERSION", run => "v" + CliOutput.Text(run["version"])),
                    ("STATUS", run => CliOutput.Text(run["status"])), ("ORIGIN", run => CliOutput.Text(run["origin"])), ("CREATED", run => CliOutput.Text(run["created_at"]))));
        }, [flow, status, origin, environment, tag, .. page.Symbols]);
    }

    /// <summary>Follows the run's event stream and prints each change as it happens, until the run ends.</summary>
    private static Command WatchCommand(Argument<string> id)
    {
        return RemoteCommand.Create("watch", "Show a run's node progress live until it ends (exit 0 succeeded, 1 failed, 7 canceled, 8 timed out)", async (c, r, ct) =>
        {
            string? ended = null;
            var exit = await c.StreamEventsAsync($"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}/events", (name, data) =>
            {
                if (name == "status" && data["status"]?.ToString() is "SUCCEEDED" or "FAILED" or "TIMEOUT" or "CANCELED")
                {
                    ended = data["status"]!.ToString();
                }

                if (c.Output != OutputFormat.Table)
                {
                    // One JSON document per line, so a script can read the lines as they come.
                    Console.WriteLine(new JsonObject { ["event"] = name, ["data"] = data.DeepClone() }.ToJsonString());
                    return;
                }

                RunWatchLines.Print(name, data);
            }, ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }

            if (ended is null)
            {
                await Console.Error.WriteLineAsync(ct.IsCancellationRequested ? "Stopped watching." : "The stream ended before the run did (the gateway stopped?).");
                return ExitCodes.Error;
            }

            return ExitCodes.FromRunStatus(ended);
        }, id);
    }
}
