using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Flows;

/// <summary>Flows, versions and folders in PostgreSQL, shared by replicas: the schema; <see cref="SqlFlowStore"/> does the rest.</summary>
internal sealed class PostgresFlowStore(string connectionString, ILogger<PostgresFlowStore> logger)
    : SqlFlowStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    // JSON columns are text, not jsonb: a definition is kept as written (key order, number literals) for export.
    // Names sort by code point ("C"), as in SQLite, whatever the database's locale.
    private static readonly StoreSchema s_schema = new("flows",
    [
        """
        CREATE TABLE IF NOT EXISTS folders (
            id         text        NOT NULL PRIMARY KEY,
            name       text        COLLATE "C" NOT NULL UNIQUE,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS flows (
            id                text        NOT NULL PRIMARY KEY,
            name              text        COLLATE "C" NOT NULL UNIQUE,
            description       text,
            folder_id         text,
            status            text        NOT NULL,
            tags              text        NOT NULL,
            published_version integer,
            webhook_secret    text,
            created_at        timestamptz NOT NULL,
            updated_at        timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_flows_folder ON flows (folder_id, name);
        CREATE TABLE IF NOT EXISTS flow_versions (
            flow_id    text        NOT NULL,
            number     integer     NOT NULL,
            definition text        NOT NULL,
            notes      text,
            created_by text,
            valid      boolean     NOT NULL,
            errors     text        NOT NULL,
            hash       text        NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (flow_id, number)
        );
        """,
        FlowSql.AddAuthorKeyId,
        FlowSql.AddExternalId,
    ]);
}
