using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Instances;

/// <summary>The gateway replicas sharing a PostgreSQL database: the schema; <see cref="SqlInstanceStore"/> does the rest.</summary>
internal sealed class PostgresInstanceStore(string connectionString, ILogger<PostgresInstanceStore> logger)
    : SqlInstanceStore(new PostgresDatabase(connectionString, s_schema, logger))
{
    private static readonly StoreSchema s_schema = new("instances",
    [
        """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id        text        NOT NULL PRIMARY KEY,
            host               text        NOT NULL,
            pid                integer     NOT NULL,
            process_started_at timestamptz NOT NULL,
            started_at         timestamptz NOT NULL,
            heartbeat_at       timestamptz NOT NULL,
            recovered_by       text,
            recovered_at       timestamptz
        );
        """,
    ]);
}
