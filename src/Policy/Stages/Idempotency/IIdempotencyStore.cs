namespace McpGateway.Policy.Stages.Idempotency;

/// <summary>
/// Durable idempotency keys. Reservation is atomic in the store (a unique key, never check-then-insert), so two
/// concurrent calls with one key, on one replica or several, cannot both run.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reserves <paramref name="candidate"/>.Key in state in_flight. Returns null when this call now holds the key;
    /// otherwise the record that holds it (any state). An expired record (ExpiresAt &lt;= <paramref name="now"/>)
    /// is replaced atomically, as if absent.
    /// </summary>
    ValueTask<IdempotencyRecord?> TryReserveAsync(IdempotencyRecord candidate, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the final result under a key held by <paramref name="executionId"/>; false when that execution no longer holds it.</summary>
    ValueTask<bool> CompleteAsync(string key, string executionId, string outcomeStatus, string resultJson, CancellationToken cancellationToken);

    /// <summary>Marks a key held by <paramref name="executionId"/> as waiting for <paramref name="approvalId"/>.</summary>
    ValueTask<bool> MarkPendingApprovalAsync(string key, string executionId, string approvalId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a key in pending_approval for <paramref name="approvalId"/> back to in_flight for a new execution (the
    /// approved call thawing), or re-points it to a requeued approval. False when the key is not held by that approval.
    /// </summary>
    /// <remarks>
    /// With <paramref name="newApprovalId"/> null the key goes to in_flight, held by <paramref name="newExecutionId"/>,
    /// its approval cleared. Otherwise it stays pending_approval, now for <paramref name="newApprovalId"/> and held by
    /// <paramref name="newExecutionId"/>.
    /// </remarks>
    ValueTask<bool> TransferAsync(string key, string approvalId, string newExecutionId, string? newApprovalId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a key in flight for <paramref name="executionId"/> as <see cref="IdempotencyStates.OutcomeUnknown"/>: the
    /// call ended and may have acted. False when that execution no longer holds it in flight.
    /// </summary>
    ValueTask<bool> MarkOutcomeUnknownAsync(string key, string executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Settles a key left <see cref="IdempotencyStates.OutcomeUnknown"/> by <paramref name="executionId"/>, on an
    /// operator's word: with <paramref name="resultJson"/> the call took effect and the key completes with that result
    /// (status reconciled; a repeat replays it); without, it did not and the key is deleted (a repeat runs). False when
    /// the key is not in that state for that execution.
    /// </summary>
    ValueTask<bool> SettleOutcomeUnknownAsync(string key, string executionId, string? resultJson, CancellationToken cancellationToken);

    /// <summary>Deletes a key held by <paramref name="executionId"/> (the call definitely did not run), so a later call may reserve it.</summary>
    ValueTask<bool> ReleaseAsync(string key, string executionId, CancellationToken cancellationToken);

    /// <summary>One key, or null (expired keys included until purged).</summary>
    ValueTask<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>The key held or completed by an execution, or null (used to reconcile records a crash left open).</summary>
    ValueTask<IdempotencyRecord?> FindByExecutionAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Deletes keys that expired before <paramref name="now"/>; returns how many.</summary>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
