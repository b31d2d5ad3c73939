using Npgsql;

namespace McpGateway.IntegrationTests;

/// <summary>
/// A database of a test's own on the server <c>MCPGW_TEST_POSTGRES</c> names (replicas share it), dropped with everything
/// in it on dispose. Use from a <see cref="PostgresFactAttribute"/> test.
/// </summary>
internal sealed class TempPostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private TempPostgresDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TempPostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = new TempPostgresDatabase(admin, "mcpgw_it_" + Guid.NewGuid().ToString("N")[..12]);
        await ExecuteAsync(admin, $"CREATE DATABASE {database._name}");
        return database;
    }

    /// <summary>The gateway: section lines that put a replica on this database.</summary>
    public string GatewayLines(string? instanceId = null) =>
        $"  storage: postgres\n  postgres: \"{ConnectionString}\"" + (instanceId is null ? "" : $"\n  instance_id: {instanceId}");

    /// <summary>The first column of the first row of <paramref name="sql"/>.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
