using McpGateway.Storage.Batching;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Idempotency keys in PostgreSQL, shared by replicas: the schema, keys found by the unique key, and a committer that
/// reserves by upsert; <see cref="SqlIdempotencyStore"/> does the rest.
/// </summary>
internal sealed class PostgresIdempotencyStore(string connectionString, ILogger<PostgresIdempotencyStore> logger)
    : SqlIdempotencyStore(new PostgresDatabase(connectionString, s_schema, logger), IdempotencySql.ByKey, logger)
{
    private static readonly StoreSchema s_schema = new("idempotency", [IdempotencySchema.Postgres]);

    /// <inheritdoc />
    protected override IBatchCommitter<IdempotencyWrite> CreateCommitter() => new IdempotencyBatchCommitter(Database);
}
