using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Instances;

/// <summary>The gateway processes in the journal's SQLite file: the schema; <see cref="SqlInstanceStore"/> does the rest.</summary>
internal sealed class SqliteInstanceStore(string path, ILogger<SqliteInstanceStore> logger)
    : SqlInstanceStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("instances",
    [
        """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id        TEXT    NOT NULL PRIMARY KEY,
            host               TEXT    NOT NULL,
            pid                INTEGER NOT NULL,
            process_started_at INTEGER NOT NULL,
            started_at         INTEGER NOT NULL,
            heartbeat_at       INTEGER NOT NULL,
            recovered_by       TEXT,
            recovered_at       INTEGER
        );
        """,
    ]);
}
