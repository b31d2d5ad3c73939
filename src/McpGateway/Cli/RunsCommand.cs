using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw runs list|show|cancel|retry|watch</c> against a running gateway.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "Inspect, cancel, retry and watch flow runs");
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
        command.Subcommands.Add(WatchCommand(id));
        return command;
    }

    private static Command ListCommand()
    {
        var flow = new Option<string?>("--flow") { Description = "Only runs of this flow" };
        var status = new Option<string?>("--status") { Description = "PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, TIMEOUT or CANCELED" };
        var origin = new Option<string?>("--origin") { Description = "MANUAL, API, MCP, WEBHOOK, CRON or FLOW" };
        var environment = new Option<string?>("--environment") { Description = "PRODUCTION or TESTING" };
        var limit = new Option<int?>("--limit") { Description = "Page size (default 50)" };
        var cursor = new Option<string?>("--cursor") { Description = "The next_cursor of the previous page" };
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
            Add("limit", r.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("cursor", r.GetValue(cursor));
            return await RemoteCommand.PrintAsync(c, HttpMethod.Get, query.ToString().TrimEnd('&', '?'), null, ct, body =>
            {
                CliOutput.List("runs", 3,
                    ("ID", run => CliOutput.Text(run["id"])), ("FLOW", run => CliOutput.Text(run["flow"])), ("VERSION", run => "v" + CliOutput.Text(run["version"])),
                    ("STATUS", run => CliOutput.Text(run["status"])), ("ORIGIN", run => CliOutput.Text(run["origin"])), ("CREATED", run => CliOutput.Text(run["created_at"])))(body);
                if (body["next_cursor"] is { } next)
                {
                    Console.WriteLine($"more: --cursor {next}");
                }
            });
        }, flow, status, origin, environment, limit, cursor);
    }

    /// <summary>Polls the run and prints each node as its status changes, until the run ends.</summary>
    private static Command WatchCommand(Argument<string> id)
    {
        var interval = new Option<int>("--interval-ms") { Description = "Poll interval", DefaultValueFactory = _ => 300 };
        return RemoteCommand.Create("watch", "Show a run's node progress live until it ends", async (c, r, ct) =>
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            string? runStatus = null;
            while (!ct.IsCancellationRequested)
            {
                var (exit, run) = await c.SendAsync(HttpMethod.Get, $"/v1/runs/{RemoteCommand.Escape(r.GetValue(id)!)}", null, ct);
                if (exit != 0 || run is null)
                {
                    return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
                }

                foreach (var node in run["nodes"]?.AsArray() ?? [])
                {
                    var name = node!["iteration"]?.GetValue<int>() is > 0 and var i ? $"{node["step"]}#{i}" : node["step"]!.ToString();
                    var state = node["status"]!.ToString();
                    if (!seen.TryGetValue(name, out var before) || before != state)
                    {
                        seen[name] = state;
                        Console.WriteLine($"  {name,-28} {state,-10} {(node["duration_ms"] is { } d ? $"{d} ms" : "")} {node["error"]}");
                    }
                }

                var status = run["status"]!.ToString();
                if (status != runStatus)
                {
                    runStatus = status;
                    Console.WriteLine($"run {run["id"]} {status}{(run["error"] is { } e ? ": " + e : "")}");
                }

                if (status is "SUCCEEDED" or "FAILED" or "TIMEOUT" or "CANCELED")
                {
                    if (run["outputs"] is { } outputs)
                    {
                        Console.WriteLine(outputs.ToJsonString(CliOutput.Json));
                    }

                    return status == "SUCCEEDED" ? ExitCodes.Ok : ExitCodes.Error;
                }

                await Task.Delay(r.GetValue(interval), ct);
            }

            return 130;
        }, id, interval);
    }
}
