using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>Idempotency keys in a SQLite file (it may be the journal's): the schema; <see cref="SqlIdempotencyStore"/> does the rest.</summary>
internal sealed class SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger)
    : SqlIdempotencyStore(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true), logger)
{
    // The primary key on key is what makes a reservation atomic. A rowid table, not WITHOUT ROWID: result_json can
    // be large.
    private static readonly StoreSchema s_schema = new("idempotency",
    [
        """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            key            TEXT    NOT NULL PRIMARY KEY,
            fingerprint    TEXT    NOT NULL,
            execution_id   TEXT    NOT NULL,
            state          TEXT    NOT NULL,
            approval_id    TEXT,
            outcome_status TEXT,
            result_json    TEXT,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_execution ON idempotency_keys (execution_id);
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);
        """,
    ]);
}
