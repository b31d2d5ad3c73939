using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Limits;

/// <summary>The rate limit counts and slots in the shared PostgreSQL database: the schema; <see cref="SqlRateLimitStore"/> does the rest.</summary>
internal sealed class PostgresRateLimitStore(string connectionString, ILogger<PostgresRateLimitStore> logger)
    : SqlRateLimitStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("rate_limits",
    [
        """
        CREATE TABLE IF NOT EXISTS rate_limit_windows (
            limit_name   text        NOT NULL,
            subject      text        NOT NULL,
            window_start timestamptz NOT NULL,
            window_end   timestamptz NOT NULL,
            calls        integer     NOT NULL,
            PRIMARY KEY (limit_name, subject, window_start)
        );
        CREATE INDEX IF NOT EXISTS rate_limit_windows_end ON rate_limit_windows (window_end);
        CREATE TABLE IF NOT EXISTS rate_limit_gates (
            limit_name text        NOT NULL,
            subject    text        NOT NULL,
            touched_at timestamptz NOT NULL,
            PRIMARY KEY (limit_name, subject)
        );
        CREATE TABLE IF NOT EXISTS rate_limit_slots (
            limit_name  text        NOT NULL,
            subject     text        NOT NULL,
            holder      text        NOT NULL,
            instance_id text        NOT NULL,
            acquired_at timestamptz NOT NULL,
            PRIMARY KEY (limit_name, subject, holder)
        );
        CREATE INDEX IF NOT EXISTS rate_limit_slots_instance ON rate_limit_slots (instance_id);
        """,
    ]);
}
