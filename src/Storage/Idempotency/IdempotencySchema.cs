namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency table: the key is the primary key, which makes a reservation atomic (across processes and replicas
/// too). Created by the idempotency store (PostgreSQL's journal also ran it as its migration 2, before the stores were
/// separated; <c>IF NOT EXISTS</c> lets either come first).
/// </summary>
internal static class IdempotencySchema
{
    /// <summary>The SQLite table (timestamps as INTEGER microseconds).</summary>
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
