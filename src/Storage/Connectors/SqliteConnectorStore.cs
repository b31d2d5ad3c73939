using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Connectors;

/// <summary>Runtime connectors in a SQLite file: the schema; <see cref="SqlConnectorStore"/> does the rest.</summary>
internal sealed class SqliteConnectorStore(string path, ILogger<SqliteConnectorStore> logger)
    : SqlConnectorStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("stored_connectors",
    [
        """
        CREATE TABLE IF NOT EXISTS stored_connectors (
            name        TEXT    NOT NULL PRIMARY KEY,
            record_json TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        """,
    ]);
}
