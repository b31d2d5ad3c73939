namespace McpGateway.Policy.Stages.RateLimit;

/// <summary>
/// The counts behind <c>policy.limits</c>, kept in the store so that every replica on it shares them: a counter per
/// limit, subject and window, raised by a conditional increment, and one row per call in flight (a slot) naming the
/// process that holds it, so a dead process's slots are freed by whoever recovers it.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts one call of <paramref name="subject"/> under <paramref name="limit"/> in the window starting at
    /// <paramref name="windowStart"/>, unless the window holds <paramref name="max"/> already. Atomic: of any number of
    /// concurrent callers on any replica, at most <paramref name="max"/> are counted. True when this call was counted.
    /// </summary>
    ValueTask<bool> TryCountAsync(string limit, string subject, DateTimeOffset windowStart, DateTimeOffset windowEnd, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one of <paramref name="max"/> slots of <paramref name="subject"/> under <paramref name="limit"/> for
    /// <paramref name="holder"/> (the execution), recorded as held by process <paramref name="instanceId"/>. Atomic like
    /// <see cref="TryCountAsync"/>. True when the slot was taken.
    /// </summary>
    ValueTask<bool> TryHoldAsync(string limit, string subject, string holder, int max, string instanceId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Frees the slot <paramref name="holder"/> took (a no-op when it holds none).</summary>
    ValueTask ReleaseAsync(string limit, string subject, string holder, CancellationToken cancellationToken);

    /// <summary>Frees every slot process <paramref name="instanceId"/> holds (it died); returns how many.</summary>
    ValueTask<int> ReleaseHeldByAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes the counters of windows ended by <paramref name="now"/>; returns how many.</summary>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>What each subject uses now: the current windows' counts and the slots held, by limit and subject.</summary>
    ValueTask<IReadOnlyList<RateLimitUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
