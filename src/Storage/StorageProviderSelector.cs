namespace McpGateway.Storage;

/// <summary>Turns <see cref="StorageOptions"/> into the backend they name, with one error wording for every store.</summary>
internal static class StorageProviderSelector
{
    /// <summary>Calls <paramref name="sqlite"/> with the file path or <paramref name="postgres"/> with the connection string.</summary>
    /// <exception cref="ArgumentException">The provider is unknown or its setting is missing.</exception>
    public static T Select<T>(StorageOptions options, Func<string, T> sqlite, Func<string, T> postgres)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (string.Equals(options.Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.SqlitePath))
            {
                throw new ArgumentException(
                    $"Storage provider '{StorageProviders.Sqlite}' needs {nameof(StorageOptions.SqlitePath)}: the database file to use.",
                    nameof(options));
            }

            return sqlite(options.SqlitePath);
        }

        if (string.Equals(options.Provider, StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                throw new ArgumentException(
                    $"Storage provider '{StorageProviders.Postgres}' needs {nameof(StorageOptions.PostgresConnectionString)}: an Npgsql connection string.",
                    nameof(options));
            }

            return postgres(options.PostgresConnectionString);
        }

        throw new ArgumentException(
            $"Unknown storage provider '{options.Provider}': use '{StorageProviders.Sqlite}' or '{StorageProviders.Postgres}'.",
            nameof(options));
    }
}
