using McpGateway.Storage.Idempotency;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Moves idempotency keys from the file of their own that earlier versions kept (<c>idempotency.db</c>) into the
/// journal's file, where the journal now writes them. Keys still held or completed there must keep answering repeats,
/// and the keys of records a crash left open must be found when those records are reconciled.
/// </summary>
internal static class SqliteIdempotencyImport
{
    /// <summary>Suffix of the old file once its keys are in the new one (kept, not deleted).</summary>
    public const string ImportedSuffix = ".imported";

    /// <summary>
    /// Copies every key of <paramref name="legacyPath"/> that <paramref name="targetPath"/> does not have, then renames
    /// the old file. Safe to repeat after a crash at any point: a key already present is left as it is.
    /// </summary>
    /// <returns>How many keys were copied; 0 when there is no old file.</returns>
    public static async Task<int> ImportAsync(string legacyPath, string targetPath, CancellationToken cancellationToken)
    {
        legacyPath = Path.GetFullPath(legacyPath);
        if (!File.Exists(legacyPath))
        {
            return 0;
        }

        // Fold the old file's WAL into it, so the file alone holds every key (and can be renamed on its own).
        await using (var legacy = new SqliteConnection(SqliteConnectionStrings.For(legacyPath, pooling: false)))
        {
            await legacy.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(legacy, "PRAGMA journal_mode = DELETE", cancellationToken).ConfigureAwait(false);
        }

        int copied;
        await using (var target = new SqliteConnection(SqliteConnectionStrings.For(Path.GetFullPath(targetPath), pooling: false)))
        {
            await target.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var attach = target.CreateCommand();
            attach.CommandText = "ATTACH DATABASE @path AS legacy";
            attach.Parameters.AddWithValue("@path", legacyPath);
            await attach.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // The key log has no index on the key (SqliteKeyIndex): NOT EXISTS, not INSERT OR IGNORE, keeps a key once.
            copied = await ExecuteAsync(target,
                $"INSERT INTO main.idempotency_keys ({IdempotencySql.Columns}) " +
                $"SELECT {IdempotencySql.Columns} FROM legacy.idempotency_keys AS old " +
                "WHERE NOT EXISTS (SELECT 1 FROM main.idempotency_keys AS kept WHERE kept.key = old.key) ORDER BY old.created_at",
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(target, "DETACH DATABASE legacy", cancellationToken).ConfigureAwait(false);
        }

        File.Move(legacyPath, legacyPath + ImportedSuffix, overwrite: true);
        return copied;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
