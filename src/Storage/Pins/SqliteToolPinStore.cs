using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Pins;

/// <summary>Tool pins in a SQLite file: the schema; <see cref="SqlToolPinStore"/> does the rest.</summary>
internal sealed class SqliteToolPinStore(string path, ILogger<SqliteToolPinStore> logger)
    : SqlToolPinStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("tool_pins",
    [
        """
        CREATE TABLE IF NOT EXISTS tool_pins (
            connector       TEXT    NOT NULL,
            tool            TEXT    NOT NULL,
            hash            TEXT    NOT NULL,
            definition_json TEXT    NOT NULL,
            pinned_at       INTEGER NOT NULL,
            pinned_by       TEXT    NOT NULL,
            changed_hash    TEXT,
            PRIMARY KEY (connector, tool)
        );
        CREATE TABLE IF NOT EXISTS tool_pin_events (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            connector     TEXT    NOT NULL,
            tool          TEXT    NOT NULL,
            kind          TEXT    NOT NULL,
            hash          TEXT    NOT NULL,
            previous_hash TEXT,
            actor         TEXT    NOT NULL,
            at            INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS tool_pin_events_tool ON tool_pin_events (connector, tool, id);
        """,
    ]);
}
