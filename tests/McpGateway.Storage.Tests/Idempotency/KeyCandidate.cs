using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Tests.Idempotency;

/// <summary>The reservation the idempotency tests make: a key in flight for an execution, live for one window.</summary>
internal static class KeyCandidate
{
    /// <summary>How long a test reservation stays live.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A reservation of <paramref name="key"/> by <paramref name="executionId"/> made at <paramref name="at"/>.</summary>
    public static IdempotencyRecord InFlight(string key, string executionId, DateTimeOffset at) => new()
    {
        Key = key,
        Fingerprint = "fp-" + key,
        ExecutionId = executionId,
        State = IdempotencyStates.InFlight,
        CreatedAt = at,
        ExpiresAt = at + Window,
    };
}
