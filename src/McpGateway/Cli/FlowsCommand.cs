using System.CommandLine;
using System.Text.Json.Nodes;
using McpGateway.Flows.Files;

namespace McpGateway.Cli;

/// <summary><c>mcpgw flows list|show|run|publish|enable|disable|import|export</c> against a running gateway.</summary>
internal static class FlowsCommand
{
    public static Command Create()
    {
        var command = new Command("flows", "Manage and run flows");
        var flow = new Argument<string>("flow") { Description = "Flow name or id" };
        var folder = new Option<string?>("--folder") { Description = "Only flows in this folder (id or name)" };
        var status = new Option<string?>("--status") { Description = "Only ENABLED or DISABLED flows" };
        var page = new PageOptions();
        command.Subcommands.Add(RemoteCommand.Create("list", "List flows, by name", async (c, r, ct) =>
        {
            var filters = new List<string>();
            if (r.GetValue(folder) is { } f)
            {
                filters.Add("folder=" + RemoteCommand.Escape(f));
            }

            if (r.GetValue(status) is { } s)
            {
                filters.Add("status=" + RemoteCommand.Escape(s));
            }

            var path = page.Path("/v1/flows" + (filters.Count > 0 ? "?" + string.Join('&', filters) : ""), r);
            return await RemoteCommand.PrintAsync(c, HttpMethod.Get, path, null, ct, CliOutput.Page(1,
                ("NAME", x => CliOutput.Text(x["name"])), ("STATUS", x => CliOutput.Text(x["status"])),
                ("PUBLISHED", x => x["published_version"] is { } v ? "v" + v : "-"), ("TOOL", x => CliOutput.Text(x["tool"]))));
        }, [folder, status, .. page.Symbols]));
        command.Subcommands.Add(RemoteCommand.Create("show", "Show a flow and its versions", async (c, r, ct) =>
        {
            var name = RemoteCommand.Escape(r.GetValue(flow)!);
            var (exit, body) = await c.SendAsync(HttpMethod.Get, $"/v1/flows/{name}", null, ct);
            if (exit != ExitCodes.Ok || body is null)
            {
                return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
            }

            var (_, versions) = await PageOptions.ReadAllAsync(c, $"/v1/flows/{name}/versions", ct);
            body["versions"] = versions;
            CliOutput.Write(body, c.Output, shown =>
            {
                var fields = shown.DeepClone().AsObject();
                fields.Remove("versions");
                CliOutput.Fields(fields);
                Console.WriteLine();
                CliOutput.List("versions", null,
                    ("VERSION", v => "v" + CliOutput.Text(v["number"])), ("VALID", v => CliOutput.Text(v["valid"])), ("CREATED", v => CliOutput.Text(v["created_at"])),
                    ("BY", v => CliOutput.Text(v["created_by"])), ("NOTES", v => CliOutput.Text(v["notes"])))(shown);
            });
            return ExitCodes.Ok;
        }, flow));
        command.Subcommands.Add(RunCommand(flow));
        command.Subcommands.Add(Operation("publish", "Publish a version (default: the latest) as PRODUCTION", flow, withVersion: true));
        command.Subcommands.Add(Operation("enable", "Enable: triggers fire and the flow is an MCP tool", flow));
        command.Subcommands.Add(Operation("disable", "Disable: no triggers, no MCP tool", flow));
        command.Subcommands.Add(ImportCommand());
        command.Subcommands.Add(ExportCommand(flow));
        return command;
    }

    private static Command RunCommand(Argument<string> flow)
    {
        var inputs = new Option<string?>("--inputs") { Description = "The inputs as a JSON object" };
        var input = new Option<string[]>("--input", "-i") { Description = "One input as name=value (value parsed as JSON when it is JSON); repeatable", AllowMultipleArgumentsPerToken = false };
        var version = new Option<string?>("--version") { Description = "A version number or latest (runs as TESTING unless published)" };
        var background = new Option<bool>("--async") { Description = "Return the run id at once instead of waiting for the outputs" };
        var dedup = new Option<string?>("--dedup-key") { Description = "Same key, same run" };
        var tags = new Option<string[]>("--tag") { Description = "A tag on the run (and its sub-runs); repeatable", AllowMultipleArgumentsPerToken = false };
        var fromStep = new Option<string?>("--from-step") { Description = "Start at this step, taking the earlier steps' outputs from --from-run" };
        var fromRun = new Option<string?>("--from-run") { Description = "The earlier run whose outputs --from-step takes" };
        var toStep = new Option<string?>("--to-step") { Description = "Run only this step and what it depends on, then end" };
        return RemoteCommand.Create("run", "Run a flow and print the run with its outputs (exit 4 when it pauses for an approval); with --async print only the run id", async (c, r, ct) =>
        {
            JsonObject values;
            try
            {
                values = r.GetValue(inputs) is { } json ? JsonNode.Parse(json) as JsonObject ?? throw new FormatException("--inputs must be a JSON object") : [];
                foreach (var pair in r.GetValue(input) ?? [])
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new FormatException($"--input '{pair}' must be name=value");
                    }

                    values[pair[..eq]] = ParseValue(pair[(eq + 1)..]);
                }
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Usage;
            }

            var wait = !r.GetValue(background);
            var body = new JsonObject
            {
                ["inputs"] = values,
                ["version"] = r.GetValue(version),
                ["wait"] = wait,
                ["dedup_key"] = r.GetValue(dedup),
                ["origin"] = "MANUAL",
                ["tags"] = new JsonArray((r.GetValue(tags) ?? []).Select(t => (JsonNode?)t).ToArray()),
                ["from_step_key"] = r.GetValue(fromStep),
                ["from_run"] = r.GetValue(fromRun),
                ["to_step_key"] = r.GetValue(toStep),
            };
            var path = $"/v1/flows/{RemoteCommand.Escape(r.GetValue(flow)!)}/runs";
            var (exit, run) = wait
                ? await CliProgress.WhileAsync($"Running {r.GetValue(flow)}…", () => c.SendAsync(HttpMethod.Post, path, body, ct))
                : await c.SendAsync(HttpMethod.Post, path, body, ct);
            if (run is null || exit != ExitCodes.Ok)
            {
                return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
            }

            if (!wait && c.Output == OutputFormat.Table)
            {
                // For scripts: id=$(mcpgw flows run f --async)
                Console.WriteLine(CliOutput.Text(run["id"]));
                return ExitCodes.Ok;
            }

            CliOutput.Write(run, c.Output);
            return run["status"]?.ToString() switch
            {
                "FAILED" or "TIMEOUT" or "CANCELED" => ExitCodes.Error,
                "PAUSED" when wait => ExitCodes.HeldForApproval,
                _ => ExitCodes.Ok,
            };
        }, flow, inputs, input, version, background, dedup, tags, fromStep, fromRun, toStep);
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static Command Operation(string type, string description, Argument<string> flow, bool withVersion = false)
    {
        var version = new Option<string?>("--version") { Description = "Version number (default: latest)" };
        Symbol[] symbols = withVersion ? [flow, version] : [flow];
        return RemoteCommand.Create(type, description, (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Post, $"/v1/flows/{RemoteCommand.Escape(r.GetValue(flow)!)}/operations",
                new JsonObject { ["type"] = type, ["version"] = withVersion ? r.GetValue(version) : null }, ct), symbols);
    }

    private static Command ImportCommand()
    {
        var file = new Argument<string>("file") { Description = "A flow file (YAML or JSON)" };
        return RemoteCommand.Create("import", "Import a flow file: creates the flow or adds a version when the definition changed", async (c, r, ct) =>
        {
            JsonObject document;
            try
            {
                document = FlowFile.Parse(await File.ReadAllTextAsync(r.GetValue(file)!, ct));
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"{r.GetValue(file)}: {ex.Message}");
                return ExitCodes.Usage;
            }

            return await RemoteCommand.PrintAsync(c, HttpMethod.Post, "/v1/flows/import", document, ct);
        }, file);
    }

    private static Command ExportCommand(Argument<string> flow)
    {
        var version = new Option<string?>("--version") { Description = "Version number or latest (default: the published one)" };
        var output = new Option<string?>("--file", "-f") { Description = "Write to this file instead of stdout" };
        return RemoteCommand.Create("export", "Export a flow as a YAML flow file", async (c, r, ct) =>
        {
            var path = $"/v1/flows/{RemoteCommand.Escape(r.GetValue(flow)!)}/export" + (r.GetValue(version) is { } v ? "?version=" + RemoteCommand.Escape(v) : "");
            var (exit, body) = await c.SendAsync(HttpMethod.Get, path, null, ct);
            if (exit != 0 || body is not JsonObject document)
            {
                return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
            }

            var yaml = FlowFile.ToYaml(document);
            if (r.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, yaml, ct);
            }
            else
            {
                Console.Write(yaml);
            }

            return 0;
        }, flow, version, output);
    }
}
