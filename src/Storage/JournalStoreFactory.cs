using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Journal;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage;

/// <summary>Creates the execution journal store the options name.</summary>
public static class JournalStoreFactory
{
    /// <summary>
    /// Creates the store. It is not usable before <see cref="IJournalStore.InitializeAsync"/> (which creates or
    /// migrates the schema). The store is also <see cref="IAsyncDisposable"/>: disposing it commits the writes
    /// already queued, then releases the file or connections.
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static IJournalStore Create(StorageOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StorageProviderSelector.Select<IJournalStore>(
            options,
            path => new SqliteJournalStore(path, loggerFactory.CreateLogger<SqliteJournalStore>()),
            connectionString => new PostgresJournalStore(connectionString, loggerFactory.CreateLogger<PostgresJournalStore>()));
    }
}
