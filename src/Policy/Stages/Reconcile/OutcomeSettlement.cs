using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// An operator's word on a call whose outcome nothing could check (its key is left
/// <see cref="IdempotencyStates.OutcomeUnknown"/>): <c>executed</c> completes the key, so a repeat replays a result saying
/// so; <c>not_executed</c> frees it, so a repeat runs. What <c>POST /v1/outcomes/reconcile</c> does with a verdict.
/// </summary>
public static partial class OutcomeSettlement
{
    /// <summary>The verdict that the call took effect.</summary>
    public const string Executed = "executed";

    /// <summary>The verdict that the call did not take effect.</summary>
    public const string NotExecuted = "not_executed";

    /// <summary>An operator's verdict on one execution.</summary>
    /// <param name="ExecutionId">The execution whose key is settled.</param>
    /// <param name="Verdict"><see cref="Executed"/> or <see cref="NotExecuted"/>.</param>
    /// <param name="Note">The operator's note, if any.</param>
    /// <param name="SettledBy">Who settled it.</param>
    /// <param name="SettledAt">When.</param>
    public sealed record Request(string ExecutionId, string Verdict, string? Note, string SettledBy, DateTimeOffset SettledAt);

    /// <summary>What a verdict came to.</summary>
    /// <param name="Status">Whether the key was settled, and if not, why.</param>
    /// <param name="Key">The settled key, when <paramref name="Status"/> is <see cref="SettlementStatus.Settled"/>.</param>
    public sealed record Result(SettlementStatus Status, string? Key = null);

    /// <summary>Settles the execution's key by the verdict, then notes the settlement in its record.</summary>
    public static async Task<Result> SettleAsync(Request request, IIdempotencyStore keys, IJournalStore journal, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (executionId, verdict, note, by, at) = request;
        if (verdict is not (Executed or NotExecuted))
        {
            return new(SettlementStatus.BadVerdict);
        }

        var key = await keys.FindByExecutionAsync(executionId, ct);
        if (key is not { State: IdempotencyStates.OutcomeUnknown })
        {
            return new(SettlementStatus.NothingToSettle);
        }

        var result = verdict == Executed ? ResultJson(executionId, note) : null;
        if (!await keys.SettleOutcomeUnknownAsync(key.Key, executionId, result, ct))
        {
            return new(SettlementStatus.SettledMeanwhile);
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

        return new(SettlementStatus.Settled, key.Key);
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
