namespace McpGateway.Policy.Stages.Idempotency;

/// <summary>The states of a stored idempotency key.</summary>
public static class IdempotencyStates
{
    /// <summary>A call holding the key is running.</summary>
    public const string InFlight = "in_flight";

    /// <summary>The call holding the key is frozen for approval.</summary>
    public const string PendingApproval = "pending_approval";

    /// <summary>The call finished; its result is stored for replay.</summary>
    public const string Completed = "completed";

    /// <summary>
    /// The call ended without knowing whether the upstream acted (cancelled or timed out mid-call, with no probe to
    /// tell). Nothing settles it by itself: a repeat is refused, saying so, until the key expires.
    /// </summary>
    public const string OutcomeUnknown = "outcome_unknown";
}
