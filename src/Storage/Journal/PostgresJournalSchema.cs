using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Postgres;
using Npgsql;

namespace McpGateway.Storage.Journal;

/// <summary>The journal's tables in PostgreSQL, created and migrated on start through the <c>schema_version</c> table.</summary>
/// <remarks>Unqualified names: the tables land in the first schema of the connection's search path.</remarks>
internal static class PostgresJournalSchema
{
    /// <summary>The row key of the journal in <c>schema_version</c>.</summary>
    public const string Component = "journal";

    // Index i is version i + 1. Never edit a shipped migration: append a new one.
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE executions (
            execution_id   text        NOT NULL PRIMARY KEY,
            instance_id    text        NOT NULL,
            session_id     text,
            agent          text,
            connector      text,
            tool           text        NOT NULL,
            arguments_json text        NOT NULL,
            started_at     timestamptz NOT NULL,
            ended_at       timestamptz,
            status         text        NOT NULL,
            error          text,
            trace_json     text
        );
        CREATE INDEX ix_executions_started_at ON executions (started_at DESC);
        CREATE INDEX ix_executions_tool ON executions (tool, started_at DESC);
        CREATE INDEX ix_executions_agent ON executions (agent, started_at DESC);
        CREATE INDEX ix_executions_status ON executions (status, started_at DESC);
        CREATE INDEX ix_executions_open ON executions (instance_id) WHERE status = 'running';
        """,

        // 2: the idempotency table, which the idempotency store alone writes (it creates it too; IF NOT EXISTS lets either
        // come first).
        IdempotencySchema.Postgres,

        // 3: an operator's settlement of an ended call whose outcome nothing could check.
        "ALTER TABLE executions ADD COLUMN settlement_json text",

        // 4: what the tool answered, redacted and capped, for traces and their exports.
        "ALTER TABLE executions ADD COLUMN output_json text",
    ];

    /// <summary>The version this code writes.</summary>
    public static int LatestVersion => s_migrations.Length;

    /// <summary>Applies the missing migrations (see <see cref="PostgresMigrator.MigrateAsync"/>); returns the version found before.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        PostgresMigrator.MigrateAsync(dataSource, Component, s_migrations, cancellationToken);
}
