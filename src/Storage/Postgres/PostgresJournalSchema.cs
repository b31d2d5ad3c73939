using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>The journal's tables in PostgreSQL, created and migrated on start through the <c>schema_version</c> table.</summary>
/// <remarks>Unqualified names: the tables land in the first schema of the connection's search path.</remarks>
internal static class PostgresJournalSchema
{
    /// <summary>The row key of the journal in <c>schema_version</c>.</summary>
    public const string Component = "journal";

    // One key for every McpGateway migration: replicas starting together take turns instead of racing on DDL.
    private const long MigrationLockKey = 0x4D43_5047_5701;

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
    ];

    /// <summary>The version this code writes.</summary>
    public static int LatestVersion => s_migrations.Length;

    /// <summary>
    /// Applies the missing migrations in one transaction that first takes a transaction-scoped advisory lock, so
    /// replicas starting at once apply each migration exactly once. Returns the version found before migrating.
    /// </summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                component  text        NOT NULL,
                version    integer     NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            )
            """, cancellationToken).ConfigureAwait(false);

        int current;
        await using (var select = new NpgsqlCommand(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = @component", connection))
        {
            select.Parameters.AddWithValue("component", Component);
            current = (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        for (var version = current + 1; version <= s_migrations.Length; version++)
        {
            await ExecuteAsync(connection, s_migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_version (component, version) VALUES (@component, @version)", connection);
            record.Parameters.AddWithValue("component", Component);
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
