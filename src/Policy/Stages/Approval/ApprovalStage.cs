using System.Text.Json.Nodes;
using McpGateway.Policy.Arguments;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.StateVerify;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>
/// Freezes calls a rule sent for approval (or asks the user inline when the rule says <c>approver: client</c> and the
/// client can elicit). On thaw it fetches the live state, re-checks the entity and evaluates the contract:
/// executed (continue) | cancelled | requeued | replan_required | blocked.
/// </summary>
public sealed class ApprovalStage(ApprovalFreezer freezer, StateReader reader, TimeProvider time) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "approval";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        if (context.Thaw is not null)
        {
            return ThawAsync(context, next);
        }

        return context.ApprovalRule is null ? next(context) : FreezeOrAskAsync(context, next);
    }

    private async ValueTask<ToolCallOutcome> FreezeOrAskAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var rule = context.ApprovalRule!.Rule;
        if (rule.Approver == "client" && context.ApprovalByInputRequest)
        {
            // Frozen like a dashboard approval (the key is held, the state snapshot kept), so the client's answer can thaw
            // it on any process; the surface asks the user.
            var held = await freezer.FreezeAsync(context, rule.Reason, rule.Contract, null, null);
            context.Details["approver"] = "client";
            context.Record(Name, "frozen_for_client", held.Id);
            return ApprovalFreezer.Pending(held);
        }

        if (rule.Approver == "client" && context.Downstream is { SupportsElicitation: true } peer)
        {
            var answer = await peer.ElicitAsync(new ElicitRequestParams
            {
                Message = $"Allow '{context.ToolName}' with {context.ArgumentsObject.ToJsonString()}? {rule.Reason}",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["approve"] = new ElicitRequestParams.BooleanSchema { Title = "Approve this call", Default = false },
                    },
                    Required = ["approve"],
                },
            }, context.CancellationToken);
            if (answer.IsAccepted && answer.Content?.TryGetValue("approve", out var v) == true && v.ValueKind == System.Text.Json.JsonValueKind.True)
            {
                context.Record(Name, "approved_inline", "the user approved through elicitation");
                return await next(context);
            }

            context.Record(Name, "rejected_inline", answer.Action);
            return ToolCallOutcome.Refused(ToolCallStatus.Denied, ToolCallFault.Forbidden,
                "The user did not approve this call; nothing was executed. Do not retry it unless the user asks.");
        }

        if (await freezer.FindIdenticalAsync(context) is { } pending)
        {
            // The same agent repeating the same held call (no key to tell the repeats apart): the approval it waits for
            // is the one already pending, not another beside it.
            context.ApprovalId = pending.Id;
            context.Details["approval_id"] = pending.Id;
            context.Record(Name, "already_pending", pending.Id);
            return ApprovalFreezer.Pending(pending);
        }

        var record = await freezer.FreezeAsync(context, rule.Reason, rule.Contract, null, null);
        context.Record(Name, "frozen", record.Id);
        return ApprovalFreezer.Pending(record);
    }

    private async ValueTask<ToolCallOutcome> ThawAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var thaw = context.Thaw!;
        var approval = thaw.Approval;
        context.ApprovalId = approval.Id;
        context.Details["approval_id"] = approval.Id;
        var contract = ApprovalJson.Contract(approval.ContractJson);
        if (approval.ExpiresAt is { } expires && time.GetUtcNow() > expires)
        {
            return Decide(context, "cancelled", ToolCallStatus.Cancelled, $"Approval {approval.Id} expired at {expires:u}; nothing was executed.");
        }

        if (contract is { AllowedActions.Count: > 0 } && (context.Caller.Action is not { } action || !contract.AllowedActions.Contains(action)))
        {
            return Decide(context, "cancelled", ToolCallStatus.Cancelled,
                $"Approval {approval.Id} allows only {string.Join(", ", contract.AllowedActions)}; the call declared '{context.Caller.Action}'. Nothing was executed.");
        }

        var frozen = ApprovalJson.ParseObject(approval.StateJson);
        var live = thaw.SuppliedState;
        if (live is null && contract?.StateRefetch is { } refetch)
        {
            var read = await reader.ReadAsync(refetch, approval.Connector, context.Variables, context.CancellationToken);
            if (read.State is null)
            {
                return Decide(context, "blocked", ToolCallStatus.Blocked, $"The live state could not be fetched ({read.Problem}); nothing was executed.");
            }

            live = read.State;
        }

        live ??= frozen;
        if (live is not null)
        {
            context.Details["live_state"] = live.DeepClone();
        }

        if (EntityDrift(context, live) is { } entityProblem)
        {
            return Decide(context, "blocked", ToolCallStatus.Blocked, entityProblem);
        }

        if (contract is not null && live is not null && PolicyExpressions.Failed(contract.Conditions, PolicyExpressions.StateScope(live, context.ArgumentsObject)) is { Count: > 0 } failed)
        {
            context.Details["failed_conditions"] = new JsonArray(failed.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
            return Decide(context, "replan_required", ToolCallStatus.ReplanRequired,
                $"The live state no longer satisfies the approval's conditions ({string.Join("; ", failed)}); nothing was executed. Plan the action again.");
        }

        if ((contract?.Threshold ?? "strict") == "strict" && frozen is not null && live is not null && StateDiff.Drift(frozen, live) is { Count: > 0 } drift)
        {
            context.Details["drift"] = drift;
            var requeued = await freezer.FreezeAsync(context, approval.Reason, contract, live, approval.Id);
            context.Details["new_approval_id"] = requeued.Id;
            context.Record(Name, "requeued", $"{drift.Count} field(s) changed since freezing; new approval {requeued.Id}");
            context.Details["approval_decision"] = "requeued";
            return ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval,
                $"The state changed since approval {approval.Id} was requested, so it was not executed; it is requeued as {requeued.Id} for a fresh decision.");
        }

        context.Record(Name, "executed", $"approved by {thaw.ApprovedBy}");
        context.Details["approval_decision"] = "executed";
        return await next(context);
    }

    private ToolCallOutcome Decide(ToolCallContext context, string decision, ToolCallStatus status, string message)
    {
        context.Record(Name, decision, message);
        context.Details["approval_decision"] = decision;
        return ToolCallOutcome.WithStatus(status, message);
    }

    private static string? EntityDrift(ToolCallContext context, JsonObject? live)
    {
        if (context.Entity is not { } claim || live is null)
        {
            return null;
        }

        // A state object carries many ids (invoice_id, customer_id, ...): without an entity type, compare only ids of the
        // claim's kind (same prefix, cust_… with cust_…).
        var found = EntityArguments.Find(live, null, claim.EntityType);
        if (claim.EntityType is null)
        {
            var kind = Prefix(claim.EntityId);
            found = found.Where(f => kind is not null && Prefix(f.Value) == kind).ToList();
        }

        var mismatches = Stages.Entity.EntityStage.Mismatches(found, claim.EntityId);
        return mismatches.Count == 0
            ? null
            : $"The live state belongs to another entity than {claim.EntityId} ({string.Join(", ", mismatches.Select(m => $"{m.Path}={m.Value}"))}); nothing was executed.";
    }

    private static string? Prefix(string id)
    {
        var cut = id.IndexOf('_', StringComparison.Ordinal);
        return cut > 0 ? id[..cut] : null;
    }
}
