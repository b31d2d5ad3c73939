using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Servers;

/// <summary>Registered MCP servers in a SQLite file: the schema; <see cref="SqlMcpServerStore"/> does the rest.</summary>
internal sealed class SqliteMcpServerStore(string path, ILogger<SqliteMcpServerStore> logger)
    : SqlMcpServerStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("mcp_servers",
    [
        """
        CREATE TABLE IF NOT EXISTS mcp_servers (
            name            TEXT    NOT NULL PRIMARY KEY,
            description     TEXT,
            tools_json      TEXT    NOT NULL,
            token_hash      TEXT    NOT NULL,
            token_prefix    TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            token_issued_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_mcp_servers_token_hash ON mcp_servers (token_hash);
        """,
    ]);
}
