using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Approvals;

/// <summary>Approvals in a SQLite file (it may be the journal's): the schema; <see cref="SqlApprovalStore"/> does the rest.</summary>
internal sealed class SqliteApprovalStore(string path, ILogger<SqliteApprovalStore> logger)
    : SqlApprovalStore(new SqliteDatabase(path, s_schema, logger))
{
    // The indexes serve the two lists, newest first: every status, and one status (the pending queue).
    private static readonly StoreSchema s_schema = new("approvals",
    [
        """
        CREATE TABLE IF NOT EXISTS approvals (
            id                  TEXT    NOT NULL PRIMARY KEY,
            status              TEXT    NOT NULL,
            tool                TEXT    NOT NULL,
            connector           TEXT    NOT NULL,
            connector_scope     TEXT,
            arguments_json      TEXT    NOT NULL,
            agent               TEXT,
            key_id              TEXT,
            context_json        TEXT,
            entity_json         TEXT,
            state_json          TEXT,
            contract_json       TEXT,
            reason              TEXT,
            idempotency_key     TEXT,
            execution_id        TEXT    NOT NULL,
            parent_approval_id  TEXT,
            created_at          INTEGER NOT NULL,
            expires_at          INTEGER,
            decided_at          INTEGER,
            decided_by          TEXT,
            decision_json       TEXT,
            result_execution_id TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_approvals_created_at ON approvals (created_at DESC);
        CREATE INDEX IF NOT EXISTS ix_approvals_status ON approvals (status, created_at DESC);
        """,
        // 2: the gateway process carrying a claim out, so a survivor settles a dead process's claims at once.
        "ALTER TABLE approvals ADD COLUMN claimed_instance TEXT",
    ]);
}
