using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sessions;

/// <summary>2025-11-25 MCP sessions in PostgreSQL, shared by replicas: the schema; <see cref="SqlSessionStore"/> does the rest.</summary>
internal sealed class PostgresSessionStore(string connectionString, ILogger<PostgresSessionStore> logger)
    : SqlSessionStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("mcp_sessions",
    [
        """
        CREATE TABLE IF NOT EXISTS mcp_sessions (
            id_hash         text        NOT NULL PRIMARY KEY,
            endpoint        text        NOT NULL,
            key_id          text,
            initialize_json text        NOT NULL,
            holder_instance text        NOT NULL,
            holder_address  text        NOT NULL,
            created_at      timestamptz NOT NULL,
            last_seen_at    timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_mcp_sessions_last_seen ON mcp_sessions (last_seen_at);
        """,
    ]);
}
