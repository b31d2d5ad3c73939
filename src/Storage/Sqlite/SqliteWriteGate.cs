using System.Collections.Concurrent;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// One async lock per SQLite file for the group-commit writers in this process (journal, idempotency keys). SQLite has
/// one write lock per file; without this, a writer that finds it taken falls into SQLite's busy handler, which sleeps
/// in steps of milliseconds. Queueing here instead hands the lock over as soon as the other batch commits.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the file at <paramref name="path"/> (full paths compare).</summary>
    public static SemaphoreSlim For(string path) => Gates.GetOrAdd(Path.GetFullPath(path), static _ => new SemaphoreSlim(1, 1));
}
