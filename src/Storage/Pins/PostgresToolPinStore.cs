using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Pins;

/// <summary>Tool pins in PostgreSQL, shared by replicas: the schema; <see cref="SqlToolPinStore"/> does the rest.</summary>
internal sealed class PostgresToolPinStore(string connectionString, ILogger<PostgresToolPinStore> logger)
    : SqlToolPinStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("tool_pins",
    [
        """
        CREATE TABLE IF NOT EXISTS tool_pins (
            connector       text        NOT NULL,
            tool            text        NOT NULL,
            hash            text        NOT NULL,
            definition_json text        NOT NULL,
            pinned_at       timestamptz NOT NULL,
            pinned_by       text        NOT NULL,
            changed_hash    text,
            PRIMARY KEY (connector, tool)
        );
        CREATE TABLE IF NOT EXISTS tool_pin_events (
            id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            connector     text        NOT NULL,
            tool          text        NOT NULL,
            kind          text        NOT NULL,
            hash          text        NOT NULL,
            previous_hash text,
            actor         text        NOT NULL,
            at            timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS tool_pin_events_tool ON tool_pin_events (connector, tool, id);
        """,
    ]);
}
