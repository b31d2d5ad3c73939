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

    /// <summary>
    /// Durably records the end of a call, with <see cref="ExecutionClose.Unopened"/> inserted first in the same
    /// transaction when set. Closing an unknown or already closed id is a no-op that returns false.
    /// </summary>
    ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken);

    /// <summary>
    /// Opens again, for <paramref name="instanceId"/>, a record whose call goes on as the same execution, which closes it
    /// again. <see cref="JournalReopen.InputRound"/>: a record that ended <c>input_required</c>; false when it is unknown or
    /// not in that status (another request reopened it first, or the call ended), so exactly one request continues a
    /// round. <see cref="JournalReopen.Thaw"/>: the record of a call frozen for approval, whatever it ended as; false when
    /// it is unknown or open.
    /// </summary>
    ValueTask<bool> ReopenAsync(string executionId, string instanceId, JournalReopen reason, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an operator's settlement (JSON) to an ended record, once; false when the record is unknown, still open or
    /// already settled.
    /// </summary>
    ValueTask<bool> SettleAsync(string executionId, string settlementJson, CancellationToken cancellationToken);

    /// <summary>Gets one record, or null.</summary>
    ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Records still open (started, never closed) that belong to one gateway instance.</summary>
    ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The instance ids that still have open records (each once).</summary>
    ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Newest first, filtered.</summary>
    ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken);
}
