using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Keys;

/// <summary>API keys in a SQLite file (it may be the journal's): the schema; <see cref="SqlApiKeyStore"/> does the rest.</summary>
internal sealed class SqliteApiKeyStore(string path, ILogger<SqliteApiKeyStore> logger)
    : SqlApiKeyStore(new SqliteDatabase(path, s_schema, logger))
{
    // Revoked keys keep their rows (the audit trail) and free their name: the name index covers active keys only.
    private static readonly StoreSchema s_schema = new("api_keys",
    [
        """
        CREATE TABLE IF NOT EXISTS api_keys (
            id                   TEXT    NOT NULL PRIMARY KEY,
            name                 TEXT    NOT NULL,
            agent                TEXT    NOT NULL,
            secret_hash          TEXT    NOT NULL,
            scopes_json          TEXT    NOT NULL,
            allowed_tools_json   TEXT    NOT NULL,
            read_only            INTEGER NOT NULL,
            envs_json            TEXT    NOT NULL,
            workflows_json       TEXT    NOT NULL,
            resources_json       TEXT    NOT NULL,
            allowed_actions_json TEXT    NOT NULL,
            prefix               TEXT    NOT NULL,
            created_at           INTEGER NOT NULL,
            revoked_at           INTEGER
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_secret_hash ON api_keys (secret_hash);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
        """,
        // The key's own rate limit (KeyLimit as JSON); null for keys without one, and for every key made before.
        "ALTER TABLE api_keys ADD COLUMN limit_json TEXT",
    ]);
}
