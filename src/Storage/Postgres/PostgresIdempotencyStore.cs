using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Postgres;

/// <summary>Idempotency keys in PostgreSQL, shared by replicas: the schema; <see cref="SqlIdempotencyStore"/> does the rest.</summary>
internal sealed class PostgresIdempotencyStore(string connectionString, ILogger<PostgresIdempotencyStore> logger)
    : SqlIdempotencyStore(new PostgresDatabase(connectionString, s_schema, logger), logger)
{
    // The primary key on key is what makes a reservation atomic, across replicas too.
    private static readonly StoreSchema s_schema = new("idempotency",
    [
        """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            key            text        NOT NULL PRIMARY KEY,
            fingerprint    text        NOT NULL,
            execution_id   text        NOT NULL,
            state          text        NOT NULL,
            approval_id    text,
            outcome_status text,
            result_json    text,
            created_at     timestamptz NOT NULL,
            expires_at     timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_execution ON idempotency_keys (execution_id);
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);
        """,
    ]);
}
