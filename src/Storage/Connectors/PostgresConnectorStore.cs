using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Connectors;

/// <summary>Runtime connectors in PostgreSQL, shared by replicas: the schema; <see cref="SqlConnectorStore"/> does the rest.</summary>
internal sealed class PostgresConnectorStore(string connectionString, ILogger<PostgresConnectorStore> logger)
    : SqlConnectorStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("stored_connectors",
    [
        """
        CREATE TABLE IF NOT EXISTS stored_connectors (
            name        text        NOT NULL PRIMARY KEY,
            record_json text        NOT NULL,
            updated_at  timestamptz NOT NULL
        );
        """,
    ]);
}
