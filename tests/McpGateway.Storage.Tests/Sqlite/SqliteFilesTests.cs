using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The SQLite stores' files are private to their owner: approvals, arguments and sealed credentials live there.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFilesTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    [Fact]
    public async Task StoresOnANewDataDirectory_CreateDirectoryAndFilesReadableByTheOwnerOnly()
    {
        var root = Directory.CreateTempSubdirectory("mcpgw-files-").FullName;
        try
        {
            var options = new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = Path.Combine(root, "data", "mcpgw.db") };
            var journal = JournalStoreFactory.Create(options, NullLoggerFactory.Instance);
            await journal.InitializeAsync(CancellationToken.None);
            var keys = StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance);
            await keys.InitializeAsync(CancellationToken.None);
            await ((IAsyncDisposable)keys).DisposeAsync();
            await ((IAsyncDisposable)journal).DisposeAsync();

            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(root, "data")) & GroupOrOther);
            var files = Directory.GetFiles(Path.Combine(root, "data"));
            Assert.Contains(files, f => f.EndsWith("mcpgw.db", StringComparison.Ordinal));
            Assert.All(files, f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & GroupOrOther));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task StoreOnAFileAnOlderBuildLeftWorldReadable_MakesItPrivate()
    {
        var root = Directory.CreateTempSubdirectory("mcpgw-files-").FullName;
        try
        {
            var path = Path.Combine(root, "keys.db");
            var options = new StorageOptions { Provider = StorageProviders.Sqlite, SqlitePath = path };
            var first = StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance);
            await first.InitializeAsync(CancellationToken.None);
            await ((IAsyncDisposable)first).DisposeAsync();
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var second = StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance);
            await second.InitializeAsync(CancellationToken.None);
            await ((IAsyncDisposable)second).DisposeAsync();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
