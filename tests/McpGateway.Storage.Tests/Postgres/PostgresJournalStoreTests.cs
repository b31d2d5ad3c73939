using McpGateway.Storage.Tests.Journal;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>
/// The store suite on the real PostgreSQL server named by MCPGW_TEST_POSTGRES, in a new schema per test (the
/// store's search path), dropped afterwards. Skipped, not passed, when the variable is unset.
/// </summary>
[RequiresPostgres]
public sealed class PostgresJournalStoreTests : JournalStoreTests
{
    private readonly string _schema = "mcpgw_test_" + Guid.NewGuid().ToString("N");

    private static string Server => RequiresPostgresAttribute.ConnectionString
        ?? throw new InvalidOperationException($"{RequiresPostgresAttribute.Variable} is not set.");

    protected override StorageOptions Options => new()
    {
        Provider = StorageProviders.Postgres,
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(Server) { SearchPath = _schema }.ConnectionString,
    };

    protected override Task CreateDatabaseAsync() => ExecuteAsync($"CREATE SCHEMA \"{_schema}\"");

    protected override Task DropDatabaseAsync() => ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");

    [PostgresFact]
    public async Task InitializeAsync_ConcurrentReplicas_RecordEachMigrationOnceInTheirSchema()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync(CancellationToken.None))));

        await using var dataSource = NpgsqlDataSource.Create(Server);
        await using var command = dataSource.CreateCommand(
            $"SELECT COUNT(*) FROM \"{_schema}\".schema_version WHERE component = 'journal'");
        Assert.Equal(4L, await command.ExecuteScalarAsync()); // one row per migration
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(Server);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
