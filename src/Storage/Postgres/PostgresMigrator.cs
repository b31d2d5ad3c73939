using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Applies one component's migrations to PostgreSQL, recording each in the <c>schema_version</c> table that every
/// store shares (one row per component and version).
/// </summary>
/// <remarks>Unqualified names: the tables land in the first schema of the connection's search path.</remarks>
internal static class PostgresMigrator
{
    // One key for every McpGateway migration: replicas starting together take turns instead of racing on DDL.
    private const long MigrationLockKey = 0x4D43_5047_5701;

    /// <summary>
    /// Applies the missing migrations in one transaction that first takes a transaction-scoped advisory lock, so
    /// replicas starting at once apply each migration exactly once. Returns the version found before migrating.
    /// </summary>
    /// <param name="dataSource">Where to connect.</param>
    /// <param name="component">The component's row key in <c>schema_version</c>.</param>
    /// <param name="migrations">Index i is version i + 1.</param>
    /// <param name="cancellationToken">Cancels the migration, which then rolls back.</param>
    public static async Task<int> MigrateAsync(
        NpgsqlDataSource dataSource, string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
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
            select.Parameters.AddWithValue("component", component);
            current = (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        for (var version = current + 1; version <= migrations.Count; version++)
        {
            await ExecuteAsync(connection, migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_version (component, version) VALUES (@component, @version)", connection);
            record.Parameters.AddWithValue("component", component);
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
