using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// Idempotency keys in a SQLite file (the journal's, in the gateway): the same table and SQL as PostgreSQL's
/// (<see cref="SqlIdempotencyStore"/>). Processes sharing the file take SQLite's one write lock per transaction, so a
/// reservation is atomic across them too.
/// </summary>
internal sealed class SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger)
    : SqlIdempotencyStore(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true), logger)
{
    // Index i is version i + 1. 2 was the key log (the table without its primary key, found through a per-process map);
    // 3 replaces whatever table a file has with the plain one and keeps its keys: each key's newest row that was not
    // released, so a repeat of a call made before the upgrade still replays (never runs twice). A completion the key
    // log kept in the journal's execution row is folded into the key's row by the journal's migration 6, before or
    // after this one (SqliteJournalSchema).
    private static readonly StoreSchema s_schema = new(
        "idempotency",
        [IdempotencySchema.Sqlite, SqliteMigrator.NoOp, IdempotencySchema.SqlitePlainFromAnyEarlier]);
}
