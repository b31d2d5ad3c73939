using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Limits;

/// <summary>The rate limit counts and slots in the SQLite file: the schema; <see cref="SqlRateLimitStore"/> does the rest.</summary>
internal sealed class SqliteRateLimitStore(string path, ILogger<SqliteRateLimitStore> logger)
    : SqlRateLimitStore(new SqliteDatabase(path, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("rate_limits",
    [
        """
        CREATE TABLE IF NOT EXISTS rate_limit_windows (
            limit_name   TEXT    NOT NULL,
            subject      TEXT    NOT NULL,
            window_start INTEGER NOT NULL,
            window_end   INTEGER NOT NULL,
            calls        INTEGER NOT NULL,
            PRIMARY KEY (limit_name, subject, window_start)
        );
        CREATE INDEX IF NOT EXISTS rate_limit_windows_end ON rate_limit_windows (window_end);
        CREATE TABLE IF NOT EXISTS rate_limit_gates (
            limit_name TEXT    NOT NULL,
            subject    TEXT    NOT NULL,
            touched_at INTEGER NOT NULL,
            PRIMARY KEY (limit_name, subject)
        );
        CREATE TABLE IF NOT EXISTS rate_limit_slots (
            limit_name  TEXT    NOT NULL,
            subject     TEXT    NOT NULL,
            holder      TEXT    NOT NULL,
            instance_id TEXT    NOT NULL,
            acquired_at INTEGER NOT NULL,
            PRIMARY KEY (limit_name, subject, holder)
        );
        CREATE INDEX IF NOT EXISTS rate_limit_slots_instance ON rate_limit_slots (instance_id);
        """,
    ]);
}
