using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Connections;

/// <summary>Connections in PostgreSQL, shared by replicas: the schema; <see cref="SqlConnectionStore"/> does the rest.</summary>
internal sealed class PostgresConnectionStore(string connectionString, ILogger<PostgresConnectionStore> logger)
    : SqlConnectionStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("connections",
    [
        """
        CREATE TABLE IF NOT EXISTS connections (
            name             text        NOT NULL PRIMARY KEY,
            type             text        NOT NULL,
            display_name     text,
            field_names_json text        NOT NULL,
            sealed_value     bytea       NOT NULL,
            created_at       timestamptz NOT NULL,
            updated_at       timestamptz NOT NULL
        );
        """,
        """
        ALTER TABLE connections ADD COLUMN expires_at timestamptz;
        ALTER TABLE connections ADD COLUMN refresh_error text;
        ALTER TABLE connections ADD COLUMN refresh_by text;
        ALTER TABLE connections ADD COLUMN refresh_until timestamptz;
        """,
    ]);
}
