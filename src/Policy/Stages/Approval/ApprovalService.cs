using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Idempotency;
using ModelContextProtocol;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>
/// Approve and reject, exactly once: the store's conditional claim lets one approver win, also across replicas. Approving
/// thaws the frozen call and runs it through the pipeline, whose approval stage re-checks state, entity and contract.
/// A claim names <paramref name="instance"/>, this gateway process, so a survivor can settle it if this process dies.
/// </summary>
public sealed partial class ApprovalService(
    IApprovalStore store, IIdempotencyStore idempotency, IKeyResolver keys, Func<ToolCallPipeline> pipeline, TimeProvider time, string instance)
{
    /// <summary>
    /// Raised after every final decision taken here (approve, reject, and each thaw outcome), with the approval as
    /// stored afterwards. Flow runs waiting on the approval subscribe to continue; handlers must be quick.
    /// </summary>
    public event Action<ApprovalRecord>? Decided;

    /// <summary>Approves and, when the contract still holds, executes.</summary>
    public async ValueTask<ApprovalDecision> ApproveAsync(string id, string approver, JsonObject? suppliedState, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(id, cancellationToken);
        if (found is null)
        {
            return new ApprovalDecision(ApprovalDecisionKind.NotFound, null, null, $"No approval '{id}'.", null);
        }

        if (!await store.TryClaimAsync(id, approver, instance, time.GetUtcNow(), cancellationToken))
        {
            var now = await store.GetAsync(id, cancellationToken);
            return new ApprovalDecision(ApprovalDecisionKind.AlreadyDecided, now, null, $"Approval {id} is already {now?.Status}; it is decided only once.", null);
        }

        var approval = found with { Status = ApprovalStatuses.Deciding, DecidedBy = approver };
        if (approval.Connector == ApprovalKinds.FlowConnector)
        {
            // A flow's approval step freezes no call: approving only records the decision; the run continues.
            if (approval.ExpiresAt is { } expires && time.GetUtcNow() >= expires)
            {
                return await FinishAsync(approval, "cancelled", ApprovalStatuses.Cancelled, "The approval expired; the run step fails.", new JsonObject(), null);
            }

            var approved = new JsonObject { ["approved"] = true, ["by"] = approver };
            return await FinishAsync(approval, "approved", ApprovalStatuses.Executed, "Approved; the run continues.", approved, null);
        }

        ApiKey? key = null;
        if (approval.KeyId is { } keyId)
        {
            key = await keys.FindAsync(keyId, cancellationToken);
            if (key is null)
            {
                return await FinishAsync(approval, "blocked", ApprovalStatuses.Blocked, "The key that made this call was revoked; nothing was executed.", new JsonObject(), null);
            }
        }

        // The keys that bounded the call when it was frozen (a flow version's author) bound it when it runs, too.
        var bounds = new List<ApiKey>();
        foreach (var boundId in ApprovalJson.Bounds(ApprovalJson.ParseObject(approval.ContextJson) ?? []))
        {
            if (await keys.FindAsync(boundId, cancellationToken) is not { } bound)
            {
                return await FinishAsync(approval, "blocked", ApprovalStatuses.Blocked,
                    $"The key {boundId} that bounds this call (the flow version's author) was revoked; nothing was executed.", new JsonObject(), null);
            }

            bounds.Add(bound);
        }

        var context = ThawedContext(approval, approver, suppliedState, key, bounds);
        var outcome = await pipeline().InvokeAsync(context);
        var details = (JsonObject)context.Details.DeepClone();
        details["execution_id"] = context.ExecutionId;
        details["status"] = outcome.Status.ToWire();
        if (outcome.Result is { } result)
        {
            details["result"] = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions);
        }

        var decision = context.Details["approval_decision"]?.GetValue<string>() ?? "blocked";
        var status = decision switch
        {
            "executed" => ApprovalStatuses.Executed,
            "requeued" => ApprovalStatuses.Invalidated,
            "cancelled" => ApprovalStatuses.Cancelled,
            "replan_required" => ApprovalStatuses.ReplanRequired,
            _ => ApprovalStatuses.Blocked,
        };
        var message = outcome.Message ?? (decision == "executed" ? $"Approved and executed ({outcome.Status.ToWire()})." : decision);
        return await FinishAsync(approval, decision, status, message, details, decision == "executed" ? context.ExecutionId : null,
            keyTaken: context.HeldIdempotencyKey is not null);
    }

    /// <summary>Rejects a pending approval and frees its idempotency key.</summary>
    public async ValueTask<ApprovalDecision> RejectAsync(string id, string approver, string? reason, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(id, cancellationToken);
        if (found is null)
        {
            return new ApprovalDecision(ApprovalDecisionKind.NotFound, null, null, $"No approval '{id}'.", null);
        }

        var details = new JsonObject { ["reason"] = reason, ["decision"] = "rejected" };
        if (!await store.TryDecideAsync(id, ApprovalStatuses.Rejected, approver, time.GetUtcNow(), details.ToJsonString(), cancellationToken))
        {
            var now = await store.GetAsync(id, cancellationToken);
            return new ApprovalDecision(ApprovalDecisionKind.AlreadyDecided, now, null, $"Approval {id} is already {now?.Status}; it is decided only once.", null);
        }

        if (found.IdempotencyKey is { } k)
        {
            await idempotency.ReleaseAsync(k, found.ExecutionId, CancellationToken.None);
        }

        var rejected = await store.GetAsync(id, cancellationToken);
        RaiseDecided(rejected);
        return new ApprovalDecision(ApprovalDecisionKind.Decided, rejected, "rejected",
            $"Rejected{(reason is null ? "" : ": " + reason)}; nothing was executed.", details);
    }

    private async ValueTask<ApprovalDecision> FinishAsync(
        ApprovalRecord approval, string decision, string status, string message, JsonObject details, string? resultExecutionId, bool keyTaken = false)
    {
        details["decision"] = decision;
        details["message"] = message;
        if (!keyTaken && status is not (ApprovalStatuses.Executed or ApprovalStatuses.Invalidated) && approval.IdempotencyKey is { } key)
        {
            // Stopped before the thawed call took the key over (revoked key, a stage before idempotency): free it, or
            // repeats would hear "still held for approval" about a decided approval until the key expires. A key the
            // thawed call took is its own to settle (it runs as the frozen execution, so the key names that one still).
            await idempotency.ReleaseAsync(key, approval.ExecutionId, CancellationToken.None);
        }

        await store.FinishAsync(approval.Id, status, details.ToJsonString(), resultExecutionId, CancellationToken.None);
        var finished = await store.GetAsync(approval.Id, CancellationToken.None);
        RaiseDecided(finished);
        return new ApprovalDecision(ApprovalDecisionKind.Decided, finished, decision, message, details);
    }

    private void RaiseDecided(ApprovalRecord? approval)
    {
        if (approval is not null)
        {
            Decided?.Invoke(approval);
        }
    }

    private static ToolCallContext ThawedContext(ApprovalRecord approval, string approver, JsonObject? suppliedState, ApiKey? key, IReadOnlyList<ApiKey> bounds)
    {
        var ctx = ApprovalJson.ParseObject(approval.ContextJson) ?? [];
        string? Str(string name) => ctx[name]?.GetValue<string>();
        var caller = new CallerIdentity("approval", Str("session_id"), approval.Agent)
        {
            Key = key,
            Bounds = bounds,
            Env = Str("env"),
            Workflow = Str("workflow"),
            Action = Str("action"),
        };
        var args = ArgumentsJson.FromObject(ApprovalJson.ParseObject(approval.ArgumentsJson));
        return new ToolCallContext(approval.Tool, args, caller, CancellationToken.None)
        {
            ConnectorScope = approval.ConnectorScope,
            Entity = ApprovalJson.Entity(approval.EntityJson),
            Thaw = new ApprovalThaw(approval, approver, suppliedState),

            // The approved call is the frozen one going on: its record is reopened and closes with what it came to.
            Continues = approval.ExecutionId,
        };
    }
}
