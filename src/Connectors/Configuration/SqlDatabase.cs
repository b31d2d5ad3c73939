namespace McpGateway.Connectors.Configuration;

/// <summary>The database a <c>sql</c> connector queries.</summary>
public enum SqlDatabase
{
    /// <summary>PostgreSQL, through Npgsql.</summary>
    Postgres,

    /// <summary>A SQLite file, through Microsoft.Data.Sqlite.</summary>
    Sqlite,
}
