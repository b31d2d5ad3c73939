using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Flows;

/// <summary>Runs, node executions and cron ticks in PostgreSQL, shared by replicas: the schema; <see cref="SqlRunStore"/> does the rest.</summary>
internal sealed class PostgresRunStore(string connectionString, ILogger<PostgresRunStore> logger)
    : SqlRunStore(new PostgresDatabase(connectionString, s_schema, logger),
        "EXISTS (SELECT 1 FROM jsonb_array_elements_text(tags::jsonb) AS t(value) WHERE t.value = @tag)")
{
    // The list indexes serve newest-first pages (all runs, one flow, one status); the status index also serves the
    // engine's runnable poll (three short ranges of active runs). Ids and step keys sort by code point ("C"), as in SQLite, so pages and node order match.
    private static readonly StoreSchema s_schema = new("runs",
    [
        """
        CREATE TABLE IF NOT EXISTS flow_runs (
            id               text        COLLATE "C" NOT NULL PRIMARY KEY,
            flow_id          text        NOT NULL,
            flow_name        text        NOT NULL,
            version          integer     NOT NULL,
            environment      text        NOT NULL,
            origin           text        NOT NULL,
            status           text        NOT NULL,
            inputs           text,
            outputs          text,
            error            text,
            created_at       timestamptz NOT NULL,
            started_at       timestamptz,
            finished_at      timestamptz,
            parent_run_id    text,
            parent_step      text,
            tags             text        NOT NULL,
            dedup_key        text,
            timeout_at       timestamptz,
            wake_at          timestamptz,
            cancel_requested boolean     NOT NULL DEFAULT FALSE,
            key_id           text,
            agent            text,
            lease_owner      text,
            lease_until      timestamptz
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_flow_runs_dedup ON flow_runs (flow_id, dedup_key) WHERE dedup_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_flow_runs_created ON flow_runs (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_flow ON flow_runs (flow_id, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_status ON flow_runs (status, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_parent ON flow_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS flow_nodes (
            run_id       text        NOT NULL,
            step_key     text        COLLATE "C" NOT NULL,
            iteration    integer     NOT NULL,
            status       text        NOT NULL,
            input        text,
            output       text,
            attempts     integer     NOT NULL,
            started_at   timestamptz,
            finished_at  timestamptz,
            error        text,
            execution_id text,
            approval_id  text,
            child_run_id text,
            wake_at      timestamptz,
            PRIMARY KEY (run_id, step_key, iteration)
        );
        CREATE INDEX IF NOT EXISTS ix_flow_nodes_approval ON flow_nodes (approval_id) WHERE approval_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS flow_ticks (
            flow_id text        NOT NULL,
            tick    timestamptz NOT NULL,
            PRIMARY KEY (flow_id, tick)
        );
        """,
        // 2: pause and resume, a start from a step of an earlier run or up to a step, nodes copied from that run.
        """
        ALTER TABLE flow_runs ADD COLUMN IF NOT EXISTS pause_reason text;
        ALTER TABLE flow_runs ADD COLUMN IF NOT EXISTS from_run_id text;
        ALTER TABLE flow_runs ADD COLUMN IF NOT EXISTS from_step text;
        ALTER TABLE flow_runs ADD COLUMN IF NOT EXISTS to_step text;
        ALTER TABLE flow_nodes ADD COLUMN IF NOT EXISTS copied_from text;
        """,
    ]);
}
