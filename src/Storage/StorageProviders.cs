namespace McpGateway.Storage;

/// <summary>The values of <see cref="StorageOptions.Provider"/>.</summary>
public static class StorageProviders
{
    /// <summary>One SQLite file: the embedded default.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL database shared by several gateway replicas.</summary>
    public const string Postgres = "postgres";
}
