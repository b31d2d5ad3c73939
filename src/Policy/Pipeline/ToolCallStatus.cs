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

    /// <summary>
    /// The upstream needs the caller's input before it can finish (an MCP 2026-07-28 <c>InputRequiredResult</c>, handed
    /// to the caller as it is); the caller's answer continues the same execution (<see cref="ToolCallContext.Continues"/>).
    /// Not final: the record ends with this status until a later round reopens it.
    /// </summary>
    InputRequired,

    /// <summary>The outcome is not known (journal record left open by a crash).</summary>
    Unknown,
}
