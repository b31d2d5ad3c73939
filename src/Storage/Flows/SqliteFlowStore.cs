using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Flows;

/// <summary>Flows, versions and folders in a SQLite file (it may be the journal's): the schema; <see cref="SqlFlowStore"/> does the rest.</summary>
internal sealed class SqliteFlowStore(string path, ILogger<SqliteFlowStore> logger)
    : SqlFlowStore(new SqliteDatabase(path, s_schema, logger))
{
    // JSON columns are TEXT as written; the version key (flow_id, number) is what makes concurrent adds distinct.
    private static readonly StoreSchema s_schema = new("flows",
    [
        """
        CREATE TABLE IF NOT EXISTS folders (
            id         TEXT    NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS flows (
            id                TEXT    NOT NULL PRIMARY KEY,
            name              TEXT    NOT NULL UNIQUE,
            description       TEXT,
            folder_id         TEXT,
            status            TEXT    NOT NULL,
            tags              TEXT    NOT NULL,
            published_version INTEGER,
            webhook_secret    TEXT,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_flows_folder ON flows (folder_id, name);
        CREATE TABLE IF NOT EXISTS flow_versions (
            flow_id    TEXT    NOT NULL,
            number     INTEGER NOT NULL,
            definition TEXT    NOT NULL,
            notes      TEXT,
            created_by TEXT,
            valid      INTEGER NOT NULL,
            errors     TEXT    NOT NULL,
            hash       TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (flow_id, number)
        );
        """,
        FlowSql.AddAuthorKeyId,
        FlowSql.AddExternalId,
    ]);
}
