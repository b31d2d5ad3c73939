using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>A new SQLite file per test, in a directory that does not exist yet.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mcpgw-storage-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_root, "data", "gateway.db");

    public override StorageOptions Options => new() { Provider = StorageProviders.Sqlite, SqlitePath = DatabasePath };

    public override Task CreateAsync() => Task.CompletedTask;

    public override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
