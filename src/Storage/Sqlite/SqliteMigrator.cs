using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Applies one component's migrations to a SQLite file, recording each in the <c>schema_version</c> table that every
/// store sharing the file uses (one row per component and version).
/// </summary>
internal static class SqliteMigrator
{
    /// <summary>
    /// The text of a shipped migration that no longer does anything: files that ran it keep its effect, files that did
    /// not skip it, and the versions after it keep their numbers.
    /// </summary>
    public const string NoOp = "SELECT 1";

    /// <summary>
    /// Applies the missing migrations in one <c>BEGIN IMMEDIATE</c> transaction, which takes the write lock first, so
    /// two processes starting on one file apply each migration once (the second waits on busy_timeout, then finds
    /// nothing to do). Returns the version found before migrating.
    /// </summary>
    /// <param name="connection">An open connection with a busy timeout.</param>
    /// <param name="component">The component's row key in <c>schema_version</c>.</param>
    /// <param name="migrations">Index i is version i + 1.</param>
    public static int Migrate(SqliteConnection connection, string component, IReadOnlyList<string> migrations)
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
            var current = CurrentVersion(connection, component);
            for (var version = current + 1; version <= migrations.Count; version++)
            {
                Execute(connection, migrations[version - 1]);
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (component, version) VALUES (@component, @version)";
                record.Parameters.AddWithValue("@component", component);
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

    private static int CurrentVersion(SqliteConnection connection, string component)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = @component";
        command.Parameters.AddWithValue("@component", component);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
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
