namespace McpGateway.Storage;

/// <summary>Where the gateway keeps its durable state.</summary>
public sealed class StorageOptions
{
    /// <summary><see cref="StorageProviders.Sqlite"/> (the default) or <see cref="StorageProviders.Postgres"/>.</summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>The SQLite database file, for <see cref="StorageProviders.Sqlite"/>; its directory is created if missing.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>An Npgsql connection string, for <see cref="StorageProviders.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }
}
