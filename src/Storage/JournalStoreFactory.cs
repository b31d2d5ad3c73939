using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Sqlite;
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
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        if (string.Equals(options.Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.SqlitePath))
            {
                throw new ArgumentException(
                    $"Storage provider '{StorageProviders.Sqlite}' needs {nameof(StorageOptions.SqlitePath)}: the database file to use.",
                    nameof(options));
            }

            return new SqliteJournalStore(options.SqlitePath, loggerFactory.CreateLogger<SqliteJournalStore>());
        }

        if (string.Equals(options.Provider, StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                throw new ArgumentException(
                    $"Storage provider '{StorageProviders.Postgres}' needs {nameof(StorageOptions.PostgresConnectionString)}: an Npgsql connection string.",
                    nameof(options));
            }

            return new PostgresJournalStore(options.PostgresConnectionString, loggerFactory.CreateLogger<PostgresJournalStore>());
        }

        throw new ArgumentException(
            $"Unknown storage provider '{options.Provider}': use '{StorageProviders.Sqlite}' or '{StorageProviders.Postgres}'.",
            nameof(options));
    }
}
