namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency table, created by the idempotency store and by the journal (which writes reservations and
/// completions with its opens and closes, in the same database). Both run the same <c>IF NOT EXISTS</c> statements,
/// so either may come first.
/// </summary>
internal static class IdempotencySchema
{
    // The primary key on key is what makes a reservation atomic in PostgreSQL (across replicas too). SQLite's table is
    // created in this shape and then turned into a key log without that key (SqliteIdempotencySql.ToKeyLog).

    /// <summary>The SQLite table as first created (timestamps as INTEGER microseconds).</summary>
    public const string Sqlite =
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
        """;

    /// <summary>The PostgreSQL table.</summary>
    public const string Postgres =
        """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            key            text        NOT NULL PRIMARY KEY,
            fingerprint    text        NOT NULL,
            execution_id   text        NOT NULL,
            state          text        NOT NULL,
            approval_id    text,
            outcome_status text,
            result_json    text,
            created_at     timestamptz NOT NULL,
            expires_at     timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_execution ON idempotency_keys (execution_id);
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);
        """;
}
