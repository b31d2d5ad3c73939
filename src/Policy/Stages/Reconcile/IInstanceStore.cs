namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// The gateway processes sharing a store and their heartbeats. Claims are conditional updates, so a dead instance's
/// work is recovered by exactly one living process, also when several race.
/// </summary>
public interface IInstanceStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Adds this process, alive as of its <see cref="InstanceRecord.HeartbeatAt"/>.</summary>
    ValueTask RegisterAsync(InstanceRecord instance, CancellationToken cancellationToken);

    /// <summary>Renews <paramref name="id"/>'s heartbeat; false when another process has already claimed it as dead.</summary>
    ValueTask<bool> HeartbeatAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a cleanly stopped instance expired, so its leftovers (if any) are recovered at once.</summary>
    ValueTask StopAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every instance whose work is not recovered yet: the living, the dead, and those being recovered.</summary>
    ValueTask<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims dead instance <paramref name="id"/> for <paramref name="claimer"/>, only if nobody has and its heartbeat is
    /// still <paramref name="seenHeartbeat"/> (a heartbeat since means it lives). The claims the dead one had not finished
    /// pass to <paramref name="claimer"/> too. True when this call made the claim.
    /// </summary>
    ValueTask<bool> ClaimAsync(string id, string claimer, DateTimeOffset seenHeartbeat, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an id that open work names but no instance row knows (written by an older build): true when this call
    /// added it, claimed by <paramref name="claimer"/>.
    /// </summary>
    ValueTask<bool> AdoptAsync(string id, string claimer, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="claimer"/> finished recovering <paramref name="id"/>.</summary>
    ValueTask MarkRecoveredAsync(string id, string claimer, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes instances recovered before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
