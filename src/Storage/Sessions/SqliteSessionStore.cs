using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sessions;

/// <summary>2025-11-25 MCP sessions in a SQLite file (processes sharing the file share them): the schema; <see cref="SqlSessionStore"/> does the rest.</summary>
internal sealed class SqliteSessionStore(string path, ILogger<SqliteSessionStore> logger)
    : SqlSessionStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("mcp_sessions",
    [
        """
        CREATE TABLE IF NOT EXISTS mcp_sessions (
            id_hash         TEXT    NOT NULL PRIMARY KEY,
            endpoint        TEXT    NOT NULL,
            key_id          TEXT,
            initialize_json TEXT    NOT NULL,
            holder_instance TEXT    NOT NULL,
            holder_address  TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            last_seen_at    INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_mcp_sessions_last_seen ON mcp_sessions (last_seen_at);
        """,
    ]);
}
