using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Idempotency keys in a SQLite file (the journal's, in the gateway): the same table and SQL as PostgreSQL's
/// (<see cref="SqlIdempotencyStore"/>). Processes sharing the file take SQLite's one write lock per transaction, so a
/// reservation is atomic across them too.
/// </summary>
internal sealed class SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger)
    : SqlIdempotencyStore(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true), logger)
{
    // Index i is version i + 1. 2 was the key log (the table without its primary key, found through a per-process map);
    // 3 replaces whatever table a file has with the plain one. Keys are short-lived (gateway.idempotency_window), so the
    // rows of the old table are dropped, not copied: a repeat of a call made before the upgrade runs again.
    private static readonly StoreSchema s_schema = new(
        "idempotency",
        [IdempotencySchema.Sqlite, SqliteMigrator.NoOp, "DROP TABLE IF EXISTS idempotency_keys; " + IdempotencySchema.Sqlite]);
}
