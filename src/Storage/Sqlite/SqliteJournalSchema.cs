using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>The journal's tables in SQLite, created and migrated on start through the <c>schema_version</c> table.</summary>
internal static class SqliteJournalSchema
{
    /// <summary>The row key of the journal in <c>schema_version</c> (other stores share the table and the file).</summary>
    public const string Component = "journal";

    // Index i is version i + 1. Never edit a shipped migration: append a new one.
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
    ];

    /// <summary>The version this code writes.</summary>
    public static int LatestVersion => s_migrations.Length;

    /// <summary>
    /// Applies the missing migrations in one <c>BEGIN IMMEDIATE</c> transaction, which takes the write lock first, so
    /// two processes starting on one file apply each migration once (the second waits on busy_timeout, then finds
    /// nothing to do). Returns the version found before migrating.
    /// </summary>
    public static int Migrate(SqliteConnection connection)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    component  TEXT    NOT NULL,
                    version    INTEGER NOT NULL,
                    applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    PRIMARY KEY (component, version)
                )
                """);
            var current = CurrentVersion(connection);
            for (var version = current + 1; version <= s_migrations.Length; version++)
            {
                Execute(connection, s_migrations[version - 1]);
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (component, version) VALUES (@component, @version)";
                record.Parameters.AddWithValue("@component", Component);
                record.Parameters.AddWithValue("@version", version);
                record.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT");
            return current;
        }
        catch
        {
            Rollback(connection);
            throw;
        }
    }

    private static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = @component";
        command.Parameters.AddWithValue("@component", Component);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Rollback(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite already rolled back on its own; keep the original error.
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
