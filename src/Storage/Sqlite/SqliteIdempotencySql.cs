using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Idempotency;

namespace McpGateway.Storage.Sqlite;

/// <summary>The SQLite key log's own statements (see <see cref="SqliteKeyIndex"/>): the table, rows by id, the append.</summary>
internal static class SqliteIdempotencySql
{
    /// <summary>
    /// Turns the table into the key log: rows in id order with no index at all, so a reservation only appends to the
    /// table's last page (a random key dirtied a random page of the key index on every reservation, and the other
    /// indexes cost a page each per commit; see bench/README.md). Ids are plain rowids: the log never deletes its newest
    /// row, so SQLite never hands an id out twice. Copies the rows of the table as first created (key as primary key)
    /// or as converted, keeping their rowids as ids: both the journal and the idempotency store run it, whichever
    /// migrates first, and the second copies the converted table once more without changing an id that a process's
    /// map may already hold.
    /// </summary>
    public const string ToKeyLog =
        $"""
        CREATE TABLE idempotency_keys_log (
            id             INTEGER PRIMARY KEY,
            key            TEXT    NOT NULL,
            fingerprint    TEXT    NOT NULL,
            execution_id   TEXT    NOT NULL,
            state          TEXT    NOT NULL,
            approval_id    TEXT,
            outcome_status TEXT,
            result_json    TEXT,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL
        );
        INSERT INTO idempotency_keys_log (id, {IdempotencySql.Columns})
            SELECT rowid, {IdempotencySql.Columns} FROM idempotency_keys ORDER BY rowid;
        DROP TABLE idempotency_keys;
        ALTER TABLE idempotency_keys_log RENAME TO idempotency_keys;
        """;

    /// <summary>One row by id: @id.</summary>
    public const string GetById = $"SELECT {IdempotencySql.Columns} FROM idempotency_keys WHERE id = @id";

    /// <summary>Deletes a row that a newer row of its key replaced: @id.</summary>
    public const string DeleteById = "DELETE FROM idempotency_keys WHERE id = @id";

    /// <summary>Appends a reservation in flight (its id is the connection's last insert rowid): @key, @fingerprint, @execution, @created, @expires.</summary>
    public const string Insert =
        "INSERT INTO idempotency_keys (key, fingerprint, execution_id, state, created_at, expires_at) " +
        $"VALUES (@key, @fingerprint, @execution, '{IdempotencyStates.InFlight}', @created, @expires)";

    /// <summary>The first and the newest id (both null when the log is empty).</summary>
    public const string Bounds = "SELECT MIN(id), MAX(id) FROM idempotency_keys";

    /// <summary>The first id past @id, or null.</summary>
    public const string NextId = "SELECT MIN(id) FROM idempotency_keys WHERE id > @id";

    /// <summary>
    /// Deletes the rows with ids in (@after, @through] that expired at @now or were released, but never the newest
    /// row, @newest (a purge walks the log in such id ranges, each its own short statement).
    /// </summary>
    public const string PurgeRange =
        $"DELETE FROM idempotency_keys WHERE id > @after AND id <= @through AND id < @newest AND {Purgeable}";

    /// <summary>
    /// Empties the newest row, @newest, when it expired at @now or was released: it stays as a row without key or
    /// result, so its id is not handed out again, until a later purge finds a newer row.
    /// </summary>
    public const string ScrubNewest =
        $"UPDATE idempotency_keys SET key = '', fingerprint = '', state = '{IdempotencySql.Released}', approval_id = NULL, " +
        $"outcome_status = NULL, result_json = NULL WHERE id = @newest AND key <> '' AND {Purgeable}";

    private const string Purgeable = $"(expires_at <= @now OR state = '{IdempotencySql.Released}')";
}
