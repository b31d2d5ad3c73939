namespace McpGateway.Policy.Pipeline;

/// <summary>The final status of one tool call, as DESIGN.md names them.</summary>
public enum ToolCallStatus
{
    /// <summary>The upstream ran the call and answered.</summary>
    Completed,

    /// <summary>The call failed: upstream error, timeout, or a gateway fault.</summary>
    Failed,

    /// <summary>A scope or rule refused the call.</summary>
    Denied,

    /// <summary>A safety check (entity, schema) stopped the call before the upstream.</summary>
    Blocked,

    /// <summary>The call is frozen until a human approves it.</summary>
    PendingApproval,

    /// <summary>A stored result was returned for a repeated idempotency key.</summary>
    Replayed,

    /// <summary>An unknown outcome was resolved by a probe.</summary>
    Reconciled,

    /// <summary>The caller's assumptions no longer hold; it must plan again.</summary>
    ReplanRequired,

    /// <summary>The call was cancelled before it completed.</summary>
    Cancelled,

    /// <summary>The outcome is not known (journal record left open by a crash).</summary>
    Unknown,
}
