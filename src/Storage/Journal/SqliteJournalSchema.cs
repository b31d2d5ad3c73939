using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Journal;

/// <summary>The journal's tables in SQLite, created and migrated on start through the <c>schema_version</c> table.</summary>
internal static class SqliteJournalSchema
{
    /// <summary>The row key of the journal in <c>schema_version</c> (other stores share the table and the file).</summary>
    public const string Component = "journal";

    // Index i is version i + 1. Never change what a shipped migration does: append a new one (one no longer needed
    // becomes SqliteMigrator.NoOp).
    // Every index costs each call a B-tree write (bench/README.md): agent and status filters scan the started_at
    // order instead, which the list limit of 1,000 bounds. Execution ids are time-ordered (UUIDv7), so the
    // WITHOUT ROWID primary key appends.
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE executions (
            execution_id   TEXT    NOT NULL PRIMARY KEY,
            instance_id    TEXT    NOT NULL,
            session_id     TEXT,
            agent          TEXT,
            connector      TEXT,
            tool           TEXT    NOT NULL,
            arguments_json TEXT    NOT NULL,
            started_at     INTEGER NOT NULL,
            ended_at       INTEGER,
            status         TEXT    NOT NULL,
            error          TEXT,
            trace_json     TEXT
        ) WITHOUT ROWID;
        CREATE INDEX ix_executions_started_at ON executions (started_at DESC);
        CREATE INDEX ix_executions_tool ON executions (tool, started_at DESC);
        CREATE INDEX ix_executions_open ON executions (instance_id) WHERE status = 'running';
        """,

        // 2: was the idempotency table, now the idempotency store's alone (SqliteIdempotencyStore); a file that ran this
        // keeps what it made until that store's migration 3 replaces it.
        SqliteMigrator.NoOp,

        // 3: an operator's settlement of an ended call whose outcome nothing could check.
        "ALTER TABLE executions ADD COLUMN settlement_json TEXT",

        // 4: was the SQLite key log (the idempotency table without its primary key), removed by issue 17; see 2.
        SqliteMigrator.NoOp,

        // 5: was where the journal kept the completion of a call's key (issue 17 moved it back to the key's row).
        "ALTER TABLE executions ADD COLUMN idempotency_outcome TEXT; ALTER TABLE executions ADD COLUMN idempotency_result TEXT",

        // 6: ... and drops those columns again, first giving each completion back to its key's row (the key log's or the
        // plain table's: the idempotency store may migrate before or after this), so no completed key is lost.
        IdempotencySchema.Sqlite +
        $"""
        UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}',
            outcome_status = (SELECT e.idempotency_outcome FROM executions e WHERE e.execution_id = idempotency_keys.execution_id),
            result_json = (SELECT e.idempotency_result FROM executions e WHERE e.execution_id = idempotency_keys.execution_id)
        WHERE state IN ('{IdempotencyStates.InFlight}', '{IdempotencyStates.PendingApproval}')
            AND execution_id IN (SELECT execution_id FROM executions WHERE idempotency_result IS NOT NULL);
        ALTER TABLE executions DROP COLUMN idempotency_outcome; ALTER TABLE executions DROP COLUMN idempotency_result;
        """,

        // 7: what the tool answered, redacted and capped, for traces and their exports.
        "ALTER TABLE executions ADD COLUMN output_json TEXT",
    ];

    /// <summary>The version this code writes.</summary>
    public static int LatestVersion => s_migrations.Length;

    /// <summary>Applies the missing migrations (see <see cref="SqliteMigrator.Migrate"/>); returns the version found before.</summary>
    public static int Migrate(SqliteConnection connection) => SqliteMigrator.Migrate(connection, Component, s_migrations);
}
