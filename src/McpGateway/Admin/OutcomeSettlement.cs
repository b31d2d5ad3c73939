using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
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

    /// <summary>An operator's verdict on one execution.</summary>
    public sealed record Request(string ExecutionId, string Verdict, string? Note, string SettledBy, DateTimeOffset SettledAt);

    public static async Task<IResult> SettleAsync(Request request, IIdempotencyStore keys, IJournalStore journal, ILogger logger, CancellationToken ct)
    {
        var (executionId, verdict, note, by, at) = request;
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

        // The key is settled; the record says so too, for whoever reads the trace later. A failure here loses only that
        // line of the trace (the log above has it), never the key's settlement.
        var settlement = new JsonObject { ["verdict"] = verdict, ["note"] = note, ["by"] = by, ["at"] = at };
        try
        {
            await journal.SettleAsync(executionId, settlement.ToJsonString(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordFailed(logger, executionId, ex);
        }

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

        [LoggerMessage(2, LogLevel.Error, "Execution {ExecutionId}: the key is settled, but the settlement could not be added to its record")]
        public static partial void RecordFailed(ILogger logger, string executionId, Exception ex);
    }
}
