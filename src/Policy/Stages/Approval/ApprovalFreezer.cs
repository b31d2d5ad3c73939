using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>Freezes a call into a durable approval checkpoint: call, arguments, agent, context, entity, state snapshot, contract.</summary>
public sealed class ApprovalFreezer(IApprovalStore store, StateReader reader, ApprovalNotifier notifier, PolicyConfigSource policy, TimeProvider time)
{
    /// <summary>Stores a new pending approval for the call and notifies the webhook.</summary>
    /// <param name="context">The call.</param>
    /// <param name="reason">Why it needs approval.</param>
    /// <param name="contract">The contract (from the rule), if any.</param>
    /// <param name="state">The state snapshot; null reads it with the contract's refetch tool, or takes the verify state.</param>
    /// <param name="parentId">The approval this one replaces.</param>
    public async ValueTask<ApprovalRecord> FreezeAsync(ToolCallContext context, string? reason, ApprovalContractConfig? contract, JsonObject? state, string? parentId)
    {
        var card = context.Card!;
        if (state is null && contract?.StateRefetch is { } refetch)
        {
            state = (await reader.ReadAsync(refetch, card.Connector, context.Variables, context.CancellationToken)).State;
        }

        state ??= context.Options?.Verify?.State;
        var now = time.GetUtcNow();
        var record = new ApprovalRecord
        {
            Id = "appr_" + Guid.CreateVersion7().ToString("N"),
            Tool = context.ToolName,
            Connector = card.Connector,
            ConnectorScope = context.ConnectorScope,
            ArgumentsJson = context.ArgumentsObject.ToJsonString(),
            Agent = context.Caller.Agent,
            KeyId = context.Caller.Key?.Id,
            ContextJson = ApprovalJson.Context(context),
            EntityJson = ApprovalJson.Entity(context.Entity),
            StateJson = state?.ToJsonString(),
            ContractJson = ApprovalJson.Contract(contract),
            Reason = reason,
            IdempotencyKey = context.HeldIdempotencyKey,
            ExecutionId = context.ExecutionId,
            ParentApprovalId = parentId,
            CreatedAt = now,
            ExpiresAt = Earliest(now + (contract?.ExpiresIn ?? policy.Current.ApprovalExpiresIn), contract?.ExpiresAt),
        };
        await store.CreateAsync(record, CancellationToken.None);
        notifier.Notify(record);
        context.ApprovalId = record.Id;
        context.Details["approval_id"] = record.Id;
        if (parentId is not null)
        {
            context.Details["parent_approval_id"] = parentId;
        }

        return record;
    }

    /// <summary>
    /// The pending approval of an identical call (same agent, tool, endpoint and arguments) when this call holds no
    /// idempotency key and that approval has not expired; otherwise null. A keyed repeat is the idempotency stage's.
    /// </summary>
    public async ValueTask<ApprovalRecord?> FindIdenticalAsync(ToolCallContext context)
    {
        if (context.HeldIdempotencyKey is not null)
        {
            return null;
        }

        var pending = await store.FindPendingAsync(context.ToolName, context.ConnectorScope, context.ArgumentsObject.ToJsonString(), context.Caller.Agent, context.CancellationToken);
        return pending is { ExpiresAt: { } expires } && expires <= time.GetUtcNow() ? null : pending;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset? b) => b is { } x && x < a ? x : a;

    /// <summary>The outcome the caller gets for a frozen call.</summary>
    public static ToolCallOutcome Pending(ApprovalRecord record) => ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval,
        $"Held for approval {record.Id}{(record.Reason is null ? "" : " (" + record.Reason + ")")}; nothing was executed. " +
        (record.IdempotencyKey is null
            ? $"Once it is approved, the result is available from the approval ({record.Id}): call gateway__approval_status with this approval_id to follow it."
            : "Call again with the same arguments and idempotency key after approval to get the result."));
}
