using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Servers;

/// <summary>Registered MCP servers in PostgreSQL, shared by replicas: the schema; <see cref="SqlMcpServerStore"/> does the rest.</summary>
internal sealed class PostgresMcpServerStore(string connectionString, ILogger<PostgresMcpServerStore> logger)
    : SqlMcpServerStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("mcp_servers",
    [
        """
        CREATE TABLE IF NOT EXISTS mcp_servers (
            name            text        NOT NULL PRIMARY KEY,
            description     text,
            tools_json      text        NOT NULL,
            token_hash      text        NOT NULL,
            token_prefix    text        NOT NULL,
            created_at      timestamptz NOT NULL,
            token_issued_at timestamptz NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_mcp_servers_token_hash ON mcp_servers (token_hash);
        """,
    ]);
}
