using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Journal;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// The SQLite key log's own statements (see <see cref="SqliteKeyIndex"/>): the table, rows by id, the append; and the
/// completions the journal keeps in execution rows (<see cref="CloseCompleting"/>).
/// </summary>
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

    /// <summary>
    /// The journal's columns for a key it completes with the close (migration 5 of the journal): the close writes the
    /// result into the execution's row, which that transaction writes anyway, instead of updating the key's row as well
    /// (one page less per keyed call; see bench/README.md). The key's row then still says it is held; reads take the
    /// completion from the execution (<see cref="Keys"/>).
    /// </summary>
    public const string AddExecutionResults =
        "ALTER TABLE executions ADD COLUMN idempotency_outcome TEXT; ALTER TABLE executions ADD COLUMN idempotency_result TEXT";

    /// <summary>True (a row) when the file has the journal's completion columns: @none.</summary>
    public const string HasExecutionResults = "SELECT 1 FROM pragma_table_info('executions') WHERE name = 'idempotency_result'";

    /// <summary>
    /// Closes a record that is still open and completes the key it holds, in its own row: as
    /// <see cref="JournalSql.Close"/> plus @outcome and @result.
    /// </summary>
    public const string CloseCompleting =
        $"UPDATE executions SET {JournalSql.CloseColumns}, idempotency_outcome = @outcome, idempotency_result = @result {JournalSql.CloseWhere}";

    /// <summary>
    /// The key rows as reads see them, in <see cref="IdempotencySql.Columns"/> order, aliased <c>k</c>: a row still held
    /// (in flight, or pending approval as the held statements allow) whose execution's row carries a completion is
    /// completed with that outcome and result.
    /// </summary>
    public const string Keys =
        "SELECT k.key, k.fingerprint, k.execution_id, " +
        $"CASE WHEN e.idempotency_result IS NULL THEN k.state ELSE '{IdempotencyStates.Completed}' END, k.approval_id, " +
        "COALESCE(e.idempotency_outcome, k.outcome_status), COALESCE(e.idempotency_result, k.result_json), k.created_at, k.expires_at " +
        "FROM idempotency_keys k LEFT JOIN executions e ON e.execution_id = k.execution_id AND e.idempotency_result IS NOT NULL " +
        $"AND k.state IN ('{IdempotencyStates.InFlight}', '{IdempotencyStates.PendingApproval}')";

    /// <summary>One row by id as reads see it (<see cref="Keys"/>): @id.</summary>
    public const string GetByIdCompleted = $"{Keys} WHERE k.id = @id";

    /// <summary>The key an execution holds or completed, as reads see it: @execution.</summary>
    public const string FindByExecutionCompleted =
        $"{Keys} WHERE k.execution_id = @execution AND k.state <> '{IdempotencySql.Released}' " +
        "ORDER BY k.created_at DESC, k.key LIMIT 1";

    /// <summary>Empties the completion the execution of row @id keeps for it (the row is about to go): @id.</summary>
    public const string ClearResultById = $"{ClearResults} = (SELECT execution_id FROM idempotency_keys WHERE id = @id)";

    /// <summary>Empties the completions the executions keep for the rows <see cref="PurgeRange"/> deletes (same parameters).</summary>
    public const string ClearResultsOfRange =
        $"{ClearResults} IN (SELECT execution_id FROM idempotency_keys " +
        $"WHERE id > @after AND id <= @through AND id < @newest AND {Purgeable})";

    /// <summary>Empties the completion the execution keeps for the row <see cref="ScrubNewest"/> empties: same parameters.</summary>
    public const string ClearResultOfNewest =
        $"{ClearResults} = (SELECT execution_id FROM idempotency_keys WHERE id = @newest AND key <> '' AND {Purgeable})";

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

    // The start of every statement that empties completions; it ends with the executions it picks by id.
    private const string ClearResults =
        "UPDATE executions SET idempotency_outcome = NULL, idempotency_result = NULL WHERE idempotency_result IS NOT NULL AND execution_id";

    private const string Purgeable = $"(expires_at <= @now OR state = '{IdempotencySql.Released}')";
}
