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
}
