using McpGateway.Storage.Tests.Journal;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The store suite on a real SQLite file, a new one (in a directory that does not exist yet) per test.</summary>
public sealed partial class SqliteJournalStoreTests : JournalStoreTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mcpgw-storage-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_root, "data", "journal.db");

    protected override StorageOptions Options => new() { Provider = StorageProviders.Sqlite, SqlitePath = DatabasePath };

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task InitializeAsync_MissingDirectory_CreatesFileInWalModeAtTheLatestSchemaVersion()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(DatabasePath)));

        await StartStoreAsync();

        Assert.True(File.Exists(DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal("1,2,3,4,5,6,7", Scalar(connection, "SELECT group_concat(version) FROM (SELECT version FROM schema_version WHERE component = 'journal' ORDER BY version)"));
        // The keys are the idempotency store's; the journal's migration 6 only makes sure their plain table is there, to
        // give it back the completions an earlier build kept in execution rows.
        Assert.Equal("1", Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('idempotency_keys') WHERE name = 'key' AND pk = 1"));
    }

    [Fact]
    public async Task InitializeAsync_ConcurrentStores_RecordEachMigrationOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync(CancellationToken.None))));

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("7", Scalar(connection, "SELECT COUNT(*) FROM schema_version WHERE component = 'journal'"));
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
