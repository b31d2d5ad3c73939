using McpGateway.Storage.Postgres;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Idempotency;

/// <summary>Idempotency keys in PostgreSQL, shared by replicas; <see cref="SqlIdempotencyStore"/> does the rest.</summary>
internal sealed class PostgresIdempotencyStore(string connectionString, ILogger<PostgresIdempotencyStore> logger)
    : SqlIdempotencyStore(new PostgresDatabase(connectionString, s_schema, logger), logger)
{
    private static readonly StoreSchema s_schema = new("idempotency", [IdempotencySchema.Postgres]);
}
