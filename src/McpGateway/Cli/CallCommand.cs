using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw call TOOL --args '{...}' [--idempotency-key K]</c>: one tool call through the gateway's pipeline and
/// journal (<c>POST /v1/call</c>), as an agent's would be. Exit 0 completed (or replayed), 4 held for approval,
/// 5 denied or blocked, 1 failed.
/// </summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var tool = new Argument<string>("tool") { Description = "The tool's name as agents see it ({connector}__{tool}, flow__{flow})" };
        var args = new Option<string?>("--args", "-a") { Description = "The arguments as a JSON object" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Same key, same call: a repeat replays the recorded result instead of running again" };
        return RemoteCommand.Create("call", "Call a tool through the gateway's pipeline (policy, approvals, journal)", async (c, r, ct) =>
        {
            JsonObject? arguments = null;
            if (r.GetValue(args) is { } text)
            {
                try
                {
                    arguments = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("--args must be a JSON object, e.g. '{\"text\": \"hi\"}'.");
                }
                catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
                {
                    await Console.Error.WriteLineAsync(ex is FormatException ? ex.Message : $"--args is not JSON: {ex.Message}");
                    return ExitCodes.Usage;
                }
            }

            var name = r.GetValue(tool)!;
            var body = new JsonObject { ["tool"] = name, ["arguments"] = arguments };
            Dictionary<string, string>? headers = r.GetValue(idempotencyKey) is { } key ? new() { ["Idempotency-Key"] = key } : null;
            var (exit, execution) = await CliProgress.WhileAsync($"Calling {name}…", () => c.SendAsync(HttpMethod.Post, "/v1/call", body, ct, headers));
            if (execution is not JsonObject)
            {
                return exit == ExitCodes.Ok ? ExitCodes.Error : exit;
            }

            CliOutput.Write(execution, c.Output, Summary);
            return ExitCodes.FromCallStatus(Outcome(execution)) ?? exit;
        }, tool, args, idempotencyKey);
    }

    /// <summary>
    /// The call's status: the execution's, or a 429 problem's <c>final_outcome</c> (a rate limit answers ProblemDetails,
    /// whose <c>status</c> is the HTTP status).
    /// </summary>
    private static string? Outcome(JsonNode execution) =>
        execution["final_outcome"] is JsonValue outcome ? outcome.GetValue<string>()
        : execution["status"] is JsonValue status && status.GetValueKind() == System.Text.Json.JsonValueKind.String ? status.GetValue<string>()
        : null;

    /// <summary>The execution in a few rows; the result as the tool's text when it answered with text.</summary>
    private static void Summary(JsonNode execution)
    {
        var result = execution["result"];
        var texts = (result?["content"] as JsonArray ?? []).Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => CliOutput.Text(b!["text"])).ToList();
        var shown = new JsonObject
        {
            ["execution_id"] = execution["execution_id"]?.DeepClone(),
            ["tool"] = execution["tool"]?.DeepClone(),
            ["status"] = Outcome(execution),
            ["message"] = (execution["message"] ?? execution["detail"])?.DeepClone(),
            ["retry_after_s"] = execution["retry_after_s"]?.DeepClone(),
            ["approval_id"] = execution["gateway"]?["approval_id"]?.DeepClone(),
            ["result"] = result?["structuredContent"]?.DeepClone() ?? (texts.Count > 0 ? string.Join("\n", texts) : result?.DeepClone()),
            ["is_error"] = result?["isError"]?.DeepClone(),
        };
        foreach (var empty in shown.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            shown.Remove(empty);
        }

        CliOutput.Fields(shown);
    }
}
