using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// An idempotency key to reserve in a batch; the committer writes back the holder it found (null when the candidate's
/// execution now holds the key) before the caller resumes.
/// </summary>
internal sealed class KeyReservation(IdempotencyRecord candidate, DateTimeOffset now)
{
    public IdempotencyRecord Candidate { get; } = candidate;

    /// <summary>An expired key (expires_at at or before this) is replaced as if absent.</summary>
    public DateTimeOffset Now { get; } = now;

    public IdempotencyRecord? Holder { get; set; }
}
