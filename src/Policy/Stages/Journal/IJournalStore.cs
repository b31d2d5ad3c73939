namespace McpGateway.Policy.Stages.Journal;

/// <summary>
/// The durable execution journal. <see cref="OpenAsync"/> and <see cref="CloseAsync"/> return only once the
/// write is committed (it survives <c>kill -9</c> of the gateway); implementations may group-commit
/// concurrent writes into one transaction.
/// </summary>
public interface IJournalStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Durably records that a call started (status <see cref="ExecutionRecord.OpenStatus"/>).</summary>
    ValueTask OpenAsync(ExecutionRecord record, CancellationToken cancellationToken);

    /// <summary>Durably records the end of a call. Closing an unknown or already closed id is a no-op that returns false.</summary>
    ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken);

    /// <summary>Gets one record, or null.</summary>
    ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Records still open (started, never closed) that belong to one gateway instance.</summary>
    ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Newest first, filtered.</summary>
    ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken);
}
