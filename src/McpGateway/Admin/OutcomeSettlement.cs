using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Idempotency;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Admin;

/// <summary>
/// An operator's word on a call whose outcome nothing could check (its key is left
/// <see cref="IdempotencyStates.OutcomeUnknown"/>): <c>executed</c> completes the key, so a repeat replays a result saying
/// so; <c>not_executed</c> frees it, so a repeat runs. Part of <c>POST /v1/outcomes/reconcile</c>.
/// </summary>
internal static partial class OutcomeSettlement
{
    public const string Executed = "executed";
    public const string NotExecuted = "not_executed";

    public static async Task<IResult> SettleAsync(
        string executionId, string verdict, string? note, IIdempotencyStore keys, ILogger logger, CancellationToken ct)
    {
        if (verdict is not (Executed or NotExecuted))
        {
            return Problems.Create(400, "Bad Request", $"'verdict' must be '{Executed}' or '{NotExecuted}', not '{verdict}'.");
        }

        var key = await keys.FindByExecutionAsync(executionId, ct);
        if (key is not { State: IdempotencyStates.OutcomeUnknown })
        {
            return Problems.Create(409, "Conflict",
                $"Execution {executionId} holds no idempotency key whose outcome is unknown; there is nothing to settle.");
        }

        var result = verdict == Executed ? ResultJson(executionId, note) : null;
        if (!await keys.SettleOutcomeUnknownAsync(key.Key, executionId, result, ct))
        {
            return Problems.Create(409, "Conflict", $"The key of execution {executionId} was settled meanwhile.");
        }

        Log.Settled(logger, key.Key, executionId, verdict, note);
        return Results.Json(new JsonObject
        {
            ["execution_id"] = executionId,
            ["idempotency_key"] = key.Key,
            ["status"] = verdict == Executed ? "reconciled" : "released",
            ["detail"] = verdict == Executed
                ? "A repeat with this key now replays a result saying the call took effect."
                : "The key is free: a repeat with it runs the call.",
        });
    }

    private static string ResultJson(string executionId, string? note)
    {
        var text = $"Settled by an operator: execution {executionId} took effect.{(note is null ? "" : " " + note)}";
        var result = new CallToolResult { Content = [new TextContentBlock { Text = text }] };
        return JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Idempotency key {Key} of execution {ExecutionId} settled by an operator as {Verdict}: {Note}")]
        public static partial void Settled(ILogger logger, string key, string executionId, string verdict, string? note);
    }
}
