using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>
/// A new schema per test on the server named by MCPGW_TEST_POSTGRES (the stores' search path), dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _schema = "mcpgw_test_" + Guid.NewGuid().ToString("N");

    public string Schema => _schema;

    public static string Server => RequiresPostgresAttribute.ConnectionString
        ?? throw new InvalidOperationException($"{RequiresPostgresAttribute.Variable} is not set.");

    public override StorageOptions Options => new()
    {
        Provider = StorageProviders.Postgres,
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(Server) { SearchPath = _schema }.ConnectionString,
    };

    public override async Task CreateAsync() => await ScalarAsync($"CREATE SCHEMA \"{_schema}\"");

    public override async Task DropAsync() => await ScalarAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");

    /// <summary>Runs SQL on the server (qualify names with <see cref="Schema"/>); returns the first value.</summary>
    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(Server);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
