using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Connections;

/// <summary>Connections in a SQLite file (it may be the journal's): the schema; <see cref="SqlConnectionStore"/> does the rest.</summary>
internal sealed class SqliteConnectionStore(string path, ILogger<SqliteConnectionStore> logger)
    : SqlConnectionStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("connections",
    [
        """
        CREATE TABLE IF NOT EXISTS connections (
            name             TEXT    NOT NULL PRIMARY KEY,
            type             TEXT    NOT NULL,
            display_name     TEXT,
            field_names_json TEXT    NOT NULL,
            sealed_value     BLOB    NOT NULL,
            created_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL
        );
        """,
        """
        ALTER TABLE connections ADD COLUMN expires_at INTEGER;
        ALTER TABLE connections ADD COLUMN refresh_error TEXT;
        ALTER TABLE connections ADD COLUMN refresh_by TEXT;
        ALTER TABLE connections ADD COLUMN refresh_until INTEGER;
        """,
    ]);
}
