using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests;

public sealed class StoreFactoryTests
{
    public static TheoryData<string> Stores => ["keys", "idempotency", "approvals", "flows", "runs"];

    private static object Create(string store, StorageOptions options) => store switch
    {
        "keys" => StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance),
        "idempotency" => StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance),
        "flows" => StoreFactory.CreateFlowStore(options, NullLoggerFactory.Instance),
        "runs" => StoreFactory.CreateRunStore(options, NullLoggerFactory.Instance),
        _ => StoreFactory.CreateApprovalStore(options, NullLoggerFactory.Instance),
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public void Create_UnknownProvider_ThrowsArgumentExceptionNamingTheChoices(string store)
    {
        var error = Assert.Throws<ArgumentException>(
            () => Create(store, new StorageOptions { Provider = "mysql", SqlitePath = "x.db" }));

        Assert.Contains("'sqlite' or 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Create_SqliteWithoutPath_ThrowsArgumentExceptionNamingTheSetting(string store)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(store, new StorageOptions { Provider = "sqlite" }));

        Assert.Contains(nameof(StorageOptions.SqlitePath), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Create_PostgresWithoutConnectionString_ThrowsArgumentExceptionNamingTheSetting(string store)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(store, new StorageOptions { Provider = "postgres" }));

        Assert.Contains(nameof(StorageOptions.PostgresConnectionString), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Create_ProviderInAnyCase_ReturnsDisposableStoreThatTouchesNothingYet(string store)
    {
        var path = Path.Combine(Path.GetTempPath(), "mcpgw-storage-tests", Guid.NewGuid().ToString("N"), "s.db");

        var created = Create(store, new StorageOptions { Provider = "SQLite", SqlitePath = path });

        await Assert.IsAssignableFrom<IAsyncDisposable>(created).DisposeAsync();
        Assert.False(File.Exists(path));
    }
}
