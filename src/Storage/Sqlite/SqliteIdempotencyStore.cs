using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Idempotency keys in a SQLite file, the journal's in the gateway (the journal writes the reservations and completions
/// of keyed calls): the schema; <see cref="SqlIdempotencyStore"/> does the rest.
/// </summary>
internal sealed class SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger)
    : SqlIdempotencyStore(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true), logger)
{
    private static readonly StoreSchema s_schema = new("idempotency", [IdempotencySchema.Sqlite]);
}
