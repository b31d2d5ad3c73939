using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Flows;

/// <summary>Runs, node executions and cron ticks in a SQLite file (it may be the journal's): the schema; <see cref="SqlRunStore"/> does the rest.</summary>
internal sealed class SqliteRunStore(string path, ILogger<SqliteRunStore> logger)
    : SqlRunStore(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true),
        "EXISTS (SELECT 1 FROM json_each(tags) WHERE value = @tag)")
{
    // The list indexes serve newest-first pages (all runs, one flow, one status); the status index also serves the
    // engine's runnable poll (three short ranges of active runs, however much finished history piles up).
    private static readonly StoreSchema s_schema = new("runs",
    [
        """
        CREATE TABLE IF NOT EXISTS flow_runs (
            id               TEXT    NOT NULL PRIMARY KEY,
            flow_id          TEXT    NOT NULL,
            flow_name        TEXT    NOT NULL,
            version          INTEGER NOT NULL,
            environment      TEXT    NOT NULL,
            origin           TEXT    NOT NULL,
            status           TEXT    NOT NULL,
            inputs           TEXT,
            outputs          TEXT,
            error            TEXT,
            created_at       INTEGER NOT NULL,
            started_at       INTEGER,
            finished_at      INTEGER,
            parent_run_id    TEXT,
            parent_step      TEXT,
            tags             TEXT    NOT NULL,
            dedup_key        TEXT,
            timeout_at       INTEGER,
            wake_at          INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            key_id           TEXT,
            agent            TEXT,
            lease_owner      TEXT,
            lease_until      INTEGER
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_flow_runs_dedup ON flow_runs (flow_id, dedup_key) WHERE dedup_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_flow_runs_created ON flow_runs (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_flow ON flow_runs (flow_id, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_status ON flow_runs (status, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_flow_runs_parent ON flow_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS flow_nodes (
            run_id       TEXT    NOT NULL,
            step_key     TEXT    NOT NULL,
            iteration    INTEGER NOT NULL,
            status       TEXT    NOT NULL,
            input        TEXT,
            output       TEXT,
            attempts     INTEGER NOT NULL,
            started_at   INTEGER,
            finished_at  INTEGER,
            error        TEXT,
            execution_id TEXT,
            approval_id  TEXT,
            child_run_id TEXT,
            wake_at      INTEGER,
            PRIMARY KEY (run_id, step_key, iteration)
        );
        CREATE INDEX IF NOT EXISTS ix_flow_nodes_approval ON flow_nodes (approval_id) WHERE approval_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS flow_ticks (
            flow_id TEXT    NOT NULL,
            tick    INTEGER NOT NULL,
            PRIMARY KEY (flow_id, tick)
        );
        """,
        // 2: pause and resume, a start from a step of an earlier run or up to a step, nodes copied from that run.
        """
        ALTER TABLE flow_runs ADD COLUMN pause_reason TEXT;
        ALTER TABLE flow_runs ADD COLUMN from_run_id TEXT;
        ALTER TABLE flow_runs ADD COLUMN from_step TEXT;
        ALTER TABLE flow_runs ADD COLUMN to_step TEXT;
        ALTER TABLE flow_nodes ADD COLUMN copied_from TEXT;
        """,
    ]);
}
