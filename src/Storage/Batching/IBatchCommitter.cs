namespace McpGateway.Storage.Batching;

/// <summary>Writes one batch of pending writes in a single transaction, for <see cref="GroupCommitWriter{TItem}"/>.</summary>
/// <typeparam name="TItem">One pending write.</typeparam>
internal interface IBatchCommitter<TItem>
{
    /// <summary>
    /// Writes every item in one transaction and sets <paramref name="results"/>[i] to what item i reports to its
    /// caller. Returns once the transaction is committed; throws when it was not (nothing of the batch is written).
    /// </summary>
    ValueTask CommitAsync(ReadOnlyMemory<TItem> items, Memory<bool> results);
}
