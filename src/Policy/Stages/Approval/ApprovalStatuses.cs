namespace McpGateway.Policy.Stages.Approval;

/// <summary>The states of an approval. Only <see cref="Pending"/> can be decided; <see cref="Deciding"/> is held by one approver.</summary>
public static class ApprovalStatuses
{
    /// <summary>Waiting for a human.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by one approver whose decision is being carried out.</summary>
    public const string Deciding = "deciding";

    /// <summary>Approved and run.</summary>
    public const string Executed = "executed";

    /// <summary>Rejected by an approver.</summary>
    public const string Rejected = "rejected";

    /// <summary>Expired, or the approved action was not allowed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Replaced by a new approval after the state drifted.</summary>
    public const string Invalidated = "invalidated";

    /// <summary>The live state no longer fits the call; the agent must plan again.</summary>
    public const string ReplanRequired = "replan_required";

    /// <summary>A safety check (entity) failed on thaw.</summary>
    public const string Blocked = "blocked";

    /// <summary>True for every status that is final.</summary>
    public static bool IsFinal(string status) => status is not (Pending or Deciding);
}
