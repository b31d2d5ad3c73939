using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests;

public sealed class JournalStoreFactoryTests
{
    [Theory]
    [InlineData("mysql")]
    [InlineData("")]
    public void Create_UnknownProvider_ThrowsArgumentExceptionNamingTheChoices(string provider)
    {
        var error = Assert.Throws<ArgumentException>(
            () => JournalStoreFactory.Create(new StorageOptions { Provider = provider, SqlitePath = "x.db" }, NullLoggerFactory.Instance));

        Assert.Contains("'sqlite' or 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SqliteWithoutPath_ThrowsArgumentExceptionNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(
            () => JournalStoreFactory.Create(new StorageOptions { Provider = "sqlite" }, NullLoggerFactory.Instance));

        Assert.Contains(nameof(StorageOptions.SqlitePath), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PostgresWithoutConnectionString_ThrowsArgumentExceptionNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(
            () => JournalStoreFactory.Create(new StorageOptions { Provider = "postgres" }, NullLoggerFactory.Instance));

        Assert.Contains(nameof(StorageOptions.PostgresConnectionString), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ProviderInAnyCase_ReturnsDisposableStore()
    {
        var path = Path.Combine(Path.GetTempPath(), "mcpgw-storage-tests", Guid.NewGuid().ToString("N"), "j.db");

        IJournalStore store = JournalStoreFactory.Create(
            new StorageOptions { Provider = "SQLite", SqlitePath = path }, NullLoggerFactory.Instance);

        var disposable = Assert.IsAssignableFrom<IAsyncDisposable>(store);
        await disposable.DisposeAsync();
        Assert.False(File.Exists(path)); // nothing touches the file before InitializeAsync
    }
}
