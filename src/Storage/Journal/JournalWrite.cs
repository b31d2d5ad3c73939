using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>
/// One queued journal write: an open, a close (which may insert its record first; see <see cref="ExecutionClose"/>), a
/// settlement or a reopen.
/// </summary>
/// <param name="Open">The record to insert, for an open.</param>
/// <param name="Close">The close to apply, for a close.</param>
/// <param name="Settlement">An operator's settlement to add to an ended record (a write of its own).</param>
/// <param name="Reopen">A record to open again for its next round (a write of its own).</param>
internal readonly record struct JournalWrite(
    ExecutionRecord? Open, ExecutionClose? Close, ExecutionSettlement? Settlement = null, ExecutionReopen? Reopen = null)
{
    /// <summary>The record this write inserts: an open's, or a close's that was never opened.</summary>
    public ExecutionRecord? Inserted => Open ?? Close?.Unopened;

    /// <summary>
    /// How many statements the write runs (a lone one-statement write needs no explicit transaction on SQLite).
    /// </summary>
    public int Statements =>
        (Inserted is null ? 0 : 1) + (Close is null ? 0 : 1) + (Settlement is null ? 0 : 1) + (Reopen is null ? 0 : 1);
}
