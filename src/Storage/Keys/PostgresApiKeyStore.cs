using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Keys;

/// <summary>API keys in PostgreSQL, shared by replicas: the schema; <see cref="SqlApiKeyStore"/> does the rest.</summary>
internal sealed class PostgresApiKeyStore(string connectionString, ILogger<PostgresApiKeyStore> logger)
    : SqlApiKeyStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    // Revoked keys keep their rows (the audit trail) and free their name: the name index covers active keys only.
    private static readonly StoreSchema s_schema = new("api_keys",
    [
        """
        CREATE TABLE IF NOT EXISTS api_keys (
            id                   text        NOT NULL PRIMARY KEY,
            name                 text        NOT NULL,
            agent                text        NOT NULL,
            secret_hash          text        NOT NULL,
            scopes_json          text        NOT NULL,
            allowed_tools_json   text        NOT NULL,
            read_only            boolean     NOT NULL,
            envs_json            text        NOT NULL,
            workflows_json       text        NOT NULL,
            resources_json       text        NOT NULL,
            allowed_actions_json text        NOT NULL,
            prefix               text        NOT NULL,
            created_at           timestamptz NOT NULL,
            revoked_at           timestamptz
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_secret_hash ON api_keys (secret_hash);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
        """,
        // The key's own rate limit (KeyLimit as JSON); null for keys without one, and for every key made before.
        "ALTER TABLE api_keys ADD COLUMN limit_json text",
    ]);
}
