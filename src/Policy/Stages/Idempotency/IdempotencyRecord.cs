namespace McpGateway.Policy.Stages.Idempotency;

/// <summary>One idempotency key as stored.</summary>
public sealed record IdempotencyRecord
{
    /// <summary>The key, as the caller sent it or as the card's template derived it.</summary>
    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the canonical tool name and arguments; the same key with another fingerprint is rejected.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The execution that holds or completed the key.</summary>
    public required string ExecutionId { get; init; }

    /// <summary><see cref="IdempotencyStates"/>: in_flight, pending_approval or completed.</summary>
    public required string State { get; init; }

    /// <summary>The approval that holds the key while <see cref="State"/> is pending_approval.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>The final outcome's status wire name (completed, failed, reconciled, ...), once completed.</summary>
    public string? OutcomeStatus { get; init; }

    /// <summary>The stored <c>CallToolResult</c> as JSON, once completed.</summary>
    public string? ResultJson { get; init; }

    /// <summary>When the key was reserved.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the key is forgotten: a new call with it reserves it afresh.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
