using System.Text.Json;
using McpGateway.Policy.Arguments;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.Idempotency;

/// <summary>
/// The point where effects may begin (<see cref="ToolCallContext.BeginEffectsAsync"/>: the execution record's open is
/// durable first), then the call's idempotency key, reserved atomically in the store before anything runs and completed
/// there with the result: a completed key replays its stored result, a key in flight is a conflict, and a key used with
/// other arguments is rejected. The key comes from the card's template when the tool has one (the tool's own identity
/// of its effect, which a caller's key cannot widen), else from the caller; read-only and idempotent tools need none.
/// </summary>
/// <remarks>
/// A caller's key belongs to the agent that first used it: the agent is part of what the key is bound to, so the same
/// key from another agent is refused as a mismatch and never replays that agent's result. Template keys are the tool's:
/// whoever passes the checks for the same call gets its result. Keys a flow derives (<c>run:…</c>) belong to the run.
/// </remarks>
public sealed partial class IdempotencyStage(IIdempotencyStore store, PolicyConfigSource policy, TimeProvider time, ILogger<IdempotencyStage> logger)
    : IToolCallStage
{
    // What a call that threw before any attempt amounts to, for settling its key.
    private static readonly ToolCallOutcome NotRun = ToolCallOutcome.Failed(ToolCallFault.UpstreamError, "stopped before reaching the upstream");

    /// <inheritdoc />
    public string Name => "idempotency";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card!;
        string? missing = null;
        var key = context.Thaw?.Approval.IdempotencyKey;
        if (key is null && card.IdempotencyKeyTemplate is { } template)
        {
            // The template is how the tool names one effect ("charge:{{args.payment_id}}": a payment never runs twice).
            // It always applies: a caller's own key could otherwise run the same effect again under a fresh key.
            key = ArgumentTemplate.Render(template, context.Variables, out missing);
            if (context.IdempotencyKey is { Length: > 0 } callers)
            {
                context.Details["caller_idempotency_key"] = callers;
            }
        }

        key ??= context.IdempotencyKey;
        if (string.IsNullOrEmpty(key) && context.Thaw is null && context.Continues is { } continued)
        {
            // A later round of a Multi Round-Trip Request keeps its result under a key of the execution's own, so a
            // repeat of the round that ends the call replays it instead of running again.
            key = "mrtr:" + continued;
        }

        if (missing is not null)
        {
            // A key with a hole would be shared by unrelated calls (all "charge:" for a missing payment_id).
            context.Record(Name, "template_unfilled", missing);
            return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.InvalidArguments,
                $"This tool's idempotency key needs {missing}, which the call does not have; nothing was executed. Add it and call again."));
        }

        if (string.IsNullOrEmpty(key))
        {
            if (!card.ReadOnly && !card.Idempotent)
            {
                context.Record(Name, "no_key", "not idempotent and no key: a repeat runs again");
            }

            return context.Journal is { Opened: false } ? BeginEffectsThenAsync(context, next) : next(context);
        }

        return InvokeWithKeyAsync(context, next, key);
    }

    /// <summary>Everything after this stage can have an effect: the execution record is made durable first.</summary>
    private static async ValueTask<ToolCallOutcome> BeginEffectsThenAsync(ToolCallContext context, ToolCallDelegate next) =>
        await context.BeginEffectsAsync() ?? await next(context);

    private async ValueTask<ToolCallOutcome> InvokeWithKeyAsync(ToolCallContext context, ToolCallDelegate next, string key)
    {
        // The record first, then the key: a crash between the two leaves an open record (reconciled as not run), never
        // a key held by an execution that no record names.
        if (await context.BeginEffectsAsync() is { } unrecorded)
        {
            return unrecorded;
        }

        if (context.Thaw is { } thaw)
        {
            if (!await store.TransferAsync(key, thaw.Approval.Id, context.ExecutionId, null, CancellationToken.None))
            {
                context.Record(Name, "lost", key);
                return ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict,
                    $"Idempotency key '{key}' is no longer held by approval {thaw.Approval.Id}; nothing was executed.");
            }
        }
        else if (await ReserveAsync(context, key) is { } refused)
        {
            return refused;
        }

        context.HeldIdempotencyKey = key;
        context.Details["idempotency_key"] = key;
        context.Record(Name, "reserved", key);
        ToolCallOutcome outcome;
        try
        {
            outcome = await next(context);
        }
        catch (Exception) when (context.Attempts == 0)
        {
            // A stage after this one threw (a caller who cancelled while asked to approve inline, say) before any
            // attempt reached the upstream: nothing ran, so settle it like any call that did not run (the key is freed)
            // instead of leaving the key in flight for good.
            await SettleAsync(context, key, NotRun);
            context.Record(Name, "released", "the call stopped before reaching the upstream");
            throw;
        }

        await SettleAsync(context, key, outcome);
        return outcome;
    }

    private async ValueTask<ToolCallOutcome?> ReserveAsync(ToolCallContext context, string key)
    {
        var now = time.GetUtcNow();
        var candidate = new IdempotencyRecord
        {
            Key = key,
            Fingerprint = ArgumentsJson.Fingerprint(BoundTo(context, key), context.Arguments),
            ExecutionId = context.ExecutionId,
            State = IdempotencyStates.InFlight,
            CreatedAt = now,
            ExpiresAt = now + policy.Current.IdempotencyWindow,
        };
        var holder = await store.TryReserveAsync(candidate, now, CancellationToken.None);
        if (holder is null)
        {
            return null;
        }

        context.Details["idempotency_key"] = key;
        if (holder.Fingerprint != candidate.Fingerprint)
        {
            context.Record(Name, "mismatch", key);
            return ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict,
                $"Idempotency key '{key}' was already used with other arguments or by another agent (execution {holder.ExecutionId}); nothing was executed. Use a new key for a different call.");
        }

        switch (holder.State)
        {
            case IdempotencyStates.Completed:
                context.Record(Name, "replayed", $"{key} from {holder.ExecutionId}");
                context.Details["replayed_from"] = holder.ExecutionId;
                var result = JsonSerializer.Deserialize<CallToolResult>(holder.ResultJson!, McpJsonUtilities.DefaultOptions)!;
                return ToolCallOutcome.WithResult(ToolCallStatus.Replayed, result);
            case IdempotencyStates.PendingApproval:
                context.Record(Name, "pending_approval", $"{key} held by {holder.ApprovalId}");
                context.ApprovalId = holder.ApprovalId;
                context.Details["approval_id"] = holder.ApprovalId;
                return ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval,
                    $"This call is still held for approval {holder.ApprovalId}; nothing was executed. Call again with the same key after it is approved to get the result.");
            case IdempotencyStates.OutcomeUnknown:
                context.Record(Name, "outcome_unknown", $"{key} from {holder.ExecutionId}");
                return ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyUndetermined,
                    $"The earlier call with idempotency key '{key}' (execution {holder.ExecutionId}) ended without knowing whether the upstream acted " +
                    $"(nothing could check it); nothing was executed now. Check the effect yourself; call again with a new key only if it did not happen (this key is refused until {holder.ExpiresAt:u}).");
            default:
                context.Record(Name, "conflict", $"{key} in flight in {holder.ExecutionId}");
                return ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyInFlight,
                    $"A call with idempotency key '{key}' is in flight (execution {holder.ExecutionId}); nothing was executed. Call again later to get its result.");
        }
    }

    /// <summary>
    /// What a key's fingerprint binds besides the arguments: the tool, and for a caller's own key the caller's agent too
    /// (tool names are <c>[a-zA-Z0-9_-]</c>, so the space keeps the two apart).
    /// </summary>
    private static string BoundTo(ToolCallContext context, string key)
    {
        var tool = context.Card!.Name;
        var callers = context.IdempotencyKey == key && context.Card.IdempotencyKeyTemplate is null && context.Caller.Surface != "flow";
        return callers && context.Caller.Agent is { Length: > 0 } agent ? tool + " " + agent : tool;
    }

    private async ValueTask SettleAsync(ToolCallContext context, string key, ToolCallOutcome outcome)
    {
        try
        {
            if (outcome.Result is { } result)
            {
                // Before the journal stage closes the record: a crash between the two leaves an open record whose key
                // holds the result, which recovery closes with that result (OutcomeReconciler).
                await store.CompleteAsync(
                    key, context.ExecutionId, outcome.Status.ToWire(), JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions), CancellationToken.None);
            }
            else if (outcome.Status == ToolCallStatus.PendingApproval && context.ApprovalId is { } approval)
            {
                await store.MarkPendingApprovalAsync(key, context.ExecutionId, approval, CancellationToken.None);
            }
            else if (!MayHaveRun(context, outcome))
            {
                await store.ReleaseAsync(key, context.ExecutionId, CancellationToken.None);
            }
            else
            {
                // The upstream may have acted and nothing will tell (a probe would have settled it already): no repeat
                // may run, and a repeat is told why instead of waiting on a call that has ended.
                await store.MarkOutcomeUnknownAsync(key, context.ExecutionId, CancellationToken.None);
                context.Record(Name, "outcome_unknown", "the upstream may have acted; repeats with this key are refused until it expires");
            }
        }
        catch (Exception ex)
        {
            Log.SettleFailed(logger, key, context.ExecutionId, ex);
        }
    }

    /// <summary>
    /// True unless the call certainly did not reach the upstream, the upstream certainly refused it, a probe after
    /// the last attempt showed that it took no effect, or running it again is harmless anyway (a read-only or
    /// idempotent tool).
    /// </summary>
    private static bool MayHaveRun(ToolCallContext context, ToolCallOutcome outcome) =>
        context.Attempts > 0 && !context.ProbeShowedNoEffect && context.Card is not { ReadOnly: true } and not { Idempotent: true } &&
        (outcome.Status is ToolCallStatus.Cancelled || outcome.Fault is ToolCallFault.OutcomeUnknown or ToolCallFault.Timeout);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Idempotency: could not settle key {Key} for execution {ExecutionId}")]
        public static partial void SettleFailed(ILogger logger, string key, string executionId, Exception ex);
    }
}
