using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw traces tail [--follow]</c>, <c>mcpgw traces show ID</c> and <c>mcpgw traces export --format json|jsonl|langsmith|helicone</c>.</summary>
internal static class TracesCommand
{
    public static Command Create()
    {
        var command = new Command("traces", "Read execution traces");
        command.Subcommands.Add(Tail());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Tail()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new traces" };
        var limit = new Option<int>("--limit") { Description = "How many", DefaultValueFactory = _ => 20 };
        return RemoteCommand.Create("tail", "Print the newest traces, one line each", async (client, r, ct) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                var (exit, body) = await client.SendAsync(HttpMethod.Get, $"/v1/traces?limit={r.GetValue(limit)}", null, ct);
                if (exit != 0)
                {
                    return exit;
                }

                foreach (var t in ((body?["data"] as JsonArray) ?? []).Reverse())
                {
                    var id = t!["execution_id"]!.GetValue<string>();
                    if (seen.Add(id))
                    {
                        Console.WriteLine($"{t["started_at"]} {id} {t["tool"]} {t["status"]} agent={t["agent"]} {t["error"]}");
                    }
                }

                if (r.GetValue(follow))
                {
                    await Task.Delay(1000, ct);
                }
            }
            while (r.GetValue(follow) && !ct.IsCancellationRequested);

            return 0;
        }, follow, limit);
    }

    private static Command Show()
    {
        var id = new Argument<string>("execution-id") { Description = "The execution id (exe_…), as call, traces tail and approvals show it" };
        return RemoteCommand.Create("show", "Show one execution: its status, arguments and stage-by-stage trace", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, $"/v1/executions/{RemoteCommand.Escape(r.GetValue(id)!)}", null, ct, trace =>
            {
                var fields = trace.DeepClone().AsObject();
                fields.Remove("trace");
                CliOutput.Fields(fields);
                Console.WriteLine();
                CliOutput.List("trace", 1,
                    ("STAGE", s => CliOutput.Text(s["stage"])), ("DECISION", s => CliOutput.Text(s["decision"])), ("DETAIL", s => CliOutput.Text(s["detail"])))(trace);
            }), id);
    }

    private static Command Export()
    {
        var format = new Option<string>("--format") { Description = "json, jsonl, langsmith or helicone", DefaultValueFactory = _ => "jsonl" };
        var limit = new Option<int>("--limit") { Description = "How many (newest first)", DefaultValueFactory = _ => 1000 };
        return RemoteCommand.Create("export", "Export traces to stdout", async (client, r, ct) =>
        {
            var (exit, body) = await client.SendAsync(HttpMethod.Get, $"/v1/traces/export?format={Uri.EscapeDataString(r.GetValue(format)!)}&limit={r.GetValue(limit)}", null, ct);
            if (body is JsonValue raw && raw.TryGetValue<string>(out var text))
            {
                Console.Write(text);
            }
            else if (body is not null)
            {
                Console.WriteLine(body.ToJsonString());
            }

            return exit;
        }, format, limit);
    }
}
