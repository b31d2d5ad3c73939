namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency table: the key is the primary key, which makes a reservation atomic (across processes and replicas
/// too). Created by the idempotency store (PostgreSQL's journal also ran it as its migration 2, before the stores were
/// separated; <c>IF NOT EXISTS</c> lets either come first).
/// </summary>
internal static class IdempotencySchema
{
    /// <summary>The SQLite table (timestamps as INTEGER microseconds).</summary>
    public const string Sqlite = $"""
        CREATE TABLE IF NOT EXISTS idempotency_keys {SqliteColumns};
        {SqliteIndexes}
        """;

    /// <summary>
    /// The plain table made from the table of an earlier SQLite build, whatever its shape (the key log: several rows per
    /// key, the newest one current, released ones marked; or the first plain table): each key's newest row that is not
    /// released is kept.
    /// </summary>
    public const string SqlitePlainFromAnyEarlier = $"""
        CREATE TABLE idempotency_keys_plain {SqliteColumns};
        INSERT INTO idempotency_keys_plain
            SELECT k.key, k.fingerprint, k.execution_id, k.state, k.approval_id, k.outcome_status, k.result_json, k.created_at, k.expires_at
            FROM idempotency_keys k
            WHERE k.key <> '' AND k.state <> 'released' AND k.rowid = (SELECT MAX(n.rowid) FROM idempotency_keys n WHERE n.key = k.key);
        DROP TABLE idempotency_keys;
        ALTER TABLE idempotency_keys_plain RENAME TO idempotency_keys;
        {SqliteIndexes}
        """;

    private const string SqliteColumns =
        """
        (
            key            TEXT    NOT NULL PRIMARY KEY,
            fingerprint    TEXT    NOT NULL,
            execution_id   TEXT    NOT NULL,
            state          TEXT    NOT NULL,
            approval_id    TEXT,
            outcome_status TEXT,
            result_json    TEXT,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL
        )
        """;

    private const string SqliteIndexes =
        """
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
