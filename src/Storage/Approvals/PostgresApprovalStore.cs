using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Approvals;

/// <summary>Approvals in PostgreSQL, shared by replicas: the schema; <see cref="SqlApprovalStore"/> does the rest.</summary>
internal sealed class PostgresApprovalStore(string connectionString, ILogger<PostgresApprovalStore> logger)
    : SqlApprovalStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    // The indexes serve the two lists, newest first: every status, and one status (the pending queue).
    private static readonly StoreSchema s_schema = new("approvals",
    [
        """
        CREATE TABLE IF NOT EXISTS approvals (
            id                  text        NOT NULL PRIMARY KEY,
            status              text        NOT NULL,
            tool                text        NOT NULL,
            connector           text        NOT NULL,
            connector_scope     text,
            arguments_json      text        NOT NULL,
            agent               text,
            key_id              text,
            context_json        text,
            entity_json         text,
            state_json          text,
            contract_json       text,
            reason              text,
            idempotency_key     text,
            execution_id        text        NOT NULL,
            parent_approval_id  text,
            created_at          timestamptz NOT NULL,
            expires_at          timestamptz,
            decided_at          timestamptz,
            decided_by          text,
            decision_json       text,
            result_execution_id text
        );
        CREATE INDEX IF NOT EXISTS ix_approvals_created_at ON approvals (created_at DESC);
        CREATE INDEX IF NOT EXISTS ix_approvals_status ON approvals (status, created_at DESC);
        """,
        // 2: the gateway process carrying a claim out, so a survivor settles a dead process's claims at once.
        "ALTER TABLE approvals ADD COLUMN IF NOT EXISTS claimed_instance text",
    ]);
}
