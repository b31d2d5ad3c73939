using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Policy.Stages.Approval;

public sealed partial class ApprovalService
{
    /// <summary>
    /// Finishes tool-call approvals left in deciding by an approver's gateway that stopped mid-decision (claimed at
    /// least <paramref name="stuckAfter"/> ago), so none stays in deciding for ever. What the idempotency key says
    /// decides how: the thawed call never took it → back to pending, to be decided again (nothing ran); it completed →
    /// executed; its outcome is unknown → blocked, naming the execution to settle; it is still in flight → left for
    /// the next round (the journal's reconciler settles it). Without a key nothing can tell whether the call ran: it
    /// ends blocked, saying so. Flow approvals are the flow engine's (it finishes its own stuck claims).
    /// </summary>
    /// <returns>How many approvals were reopened or finished.</returns>
    public async ValueTask<int> RecoverStuckAsync(TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recovered = 0;
        foreach (var approval in await store.ListAsync(ApprovalStatuses.Deciding, 1000, null, cancellationToken))
        {
            if (approval.Connector == ApprovalKinds.FlowConnector || approval.DecidedAt is not { } claimed || now - claimed < stuckAfter)
            {
                continue;
            }

            if (await RecoverAsync(approval, claimed, cancellationToken))
            {
                recovered++;
            }
        }

        return recovered;
    }

    /// <summary>
    /// Finishes or reopens, as <see cref="RecoverStuckAsync"/> does but at once, the tool-call approvals that the dead
    /// gateway process <paramref name="deadInstance"/> was carrying out (the instance recovery calls it after settling
    /// that process's open calls, so their keys say what happened).
    /// </summary>
    /// <returns>True when none of its claims is left in deciding (a key still in flight is looked at again next round).</returns>
    public async ValueTask<bool> RecoverClaimedByAsync(string deadInstance, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deadInstance);
        var settled = true;
        foreach (var approval in await store.ListAsync(ApprovalStatuses.Deciding, 1000, null, cancellationToken))
        {
            if (approval.Connector == ApprovalKinds.FlowConnector || approval.ClaimedInstance != deadInstance || approval.DecidedAt is not { } claimed)
            {
                continue;
            }

            if (!await RecoverAsync(approval, claimed, cancellationToken) &&
                (await store.GetAsync(approval.Id, cancellationToken))?.Status == ApprovalStatuses.Deciding)
            {
                settled = false;
            }
        }

        return settled;
    }

    private async ValueTask<bool> RecoverAsync(ApprovalRecord approval, DateTimeOffset claimed, CancellationToken cancellationToken)
    {
        const string Stopped = "The approver's gateway stopped while carrying out this approval";
        if (approval.IdempotencyKey is not { } key)
        {
            return await FinishRecoveredAsync(approval, "blocked", ApprovalStatuses.Blocked,
                $"{Stopped}; the call had no idempotency key, so whether it ran is unknown. Check the journal for {approval.Tool} before calling it again.",
                null, null);
        }

        var held = await idempotency.GetAsync(key, cancellationToken);
        if (held is null || (held.State == IdempotencyStates.PendingApproval && held.ApprovalId == approval.Id))
        {
            // The thawed call never took the key over (or freed it before any effect): nothing ran. Decide again.
            return approval.DecidedBy is { } by && await store.TryReopenAsync(approval.Id, by, claimed, cancellationToken);
        }

        return held.State switch
        {
            IdempotencyStates.Completed => await FinishRecoveredAsync(approval, "executed", ApprovalStatuses.Executed,
                $"{Stopped}; the approved call had completed ({held.OutcomeStatus}) as execution {held.ExecutionId}.",
                held, held.ExecutionId),
            IdempotencyStates.OutcomeUnknown => await FinishRecoveredAsync(approval, "blocked", ApprovalStatuses.Blocked,
                $"{Stopped}; the outcome of the approved call (execution {held.ExecutionId}) is unknown. Settle it with POST /v1/outcomes/reconcile.",
                held, null),
            IdempotencyStates.PendingApproval => await FinishRecoveredAsync(approval, "requeued", ApprovalStatuses.Invalidated,
                $"{Stopped}; the state had drifted and approval {held.ApprovalId} replaced this one.", held, null),
            _ => false, // In flight: the thawed execution is still being settled; look again next round.
        };
    }

    private async ValueTask<bool> FinishRecoveredAsync(
        ApprovalRecord approval, string decision, string status, string message, IdempotencyRecord? held, string? resultExecutionId)
    {
        var details = new JsonObject { ["recovered"] = true };
        if (held is not null)
        {
            details["execution_id"] = held.ExecutionId;
            details["status"] = held.OutcomeStatus;
            if (held.ResultJson is { } result)
            {
                details["result"] = JsonNode.Parse(result);
            }
        }

        var finished = await FinishAsync(approval, decision, status, message, details, resultExecutionId, keyTaken: held is not null);
        return finished.Approval?.Status == status;
    }
}
