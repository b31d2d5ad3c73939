namespace McpGateway.Policy.Stages.Approval;

/// <summary>
/// A frozen checkpoint of a call held for approval: everything needed to re-check and run it later, and the
/// decision once made. JSON fields are stored as text, already free of secrets.
/// </summary>
public sealed record ApprovalRecord
{
    /// <summary>Unique id, <c>appr_…</c>.</summary>
    public required string Id { get; init; }

    /// <summary><see cref="ApprovalStatuses"/>.</summary>
    public string Status { get; init; } = ApprovalStatuses.Pending;

    /// <summary>The tool as the caller named it.</summary>
    public required string Tool { get; init; }

    /// <summary>The connector that serves it.</summary>
    public required string Connector { get; init; }

    /// <summary>Null on the aggregated endpoint; the connector's name when the call came through its own endpoint.</summary>
    public string? ConnectorScope { get; init; }

    /// <summary>The arguments as JSON.</summary>
    public required string ArgumentsJson { get; init; }

    /// <summary>The agent that made the call.</summary>
    public string? Agent { get; init; }

    /// <summary>The API key id the call was made with, re-checked on thaw; null when auth is off.</summary>
    public string? KeyId { get; init; }

    /// <summary>Caller context as JSON: surface, session, env, workflow, action.</summary>
    public string? ContextJson { get; init; }

    /// <summary>The caller's entity resolution as JSON, or null.</summary>
    public string? EntityJson { get; init; }

    /// <summary>The state snapshot frozen with the call, as JSON, or null.</summary>
    public string? StateJson { get; init; }

    /// <summary>The approval contract (intent, conditions, threshold, expiry, allowed action, state refetch) as JSON.</summary>
    public string? ContractJson { get; init; }

    /// <summary>Why approval is needed (the rule's reason, or the failure being escalated).</summary>
    public string? Reason { get; init; }

    /// <summary>The idempotency key the call holds, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The execution that was frozen.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The approval this one replaces (requeued after drift).</summary>
    public string? ParentApprovalId { get; init; }

    /// <summary>When it was frozen.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this, approving cancels instead of executing.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the decision was made (or claimed).</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The decision's details as JSON: live state, drift, contract evaluation, result.</summary>
    public string? DecisionJson { get; init; }

    /// <summary>The execution that ran after approval, if any.</summary>
    public string? ResultExecutionId { get; init; }

    /// <summary>The gateway process (instance id) carrying out the claim while the approval is in deciding.</summary>
    public string? ClaimedInstance { get; init; }
}
