using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Sqlite;
using McpGateway.Storage.Tests.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// The idempotency suite on SQLite with every store keeping a key map of its own, as a store in another process would:
/// each must catch up on the others' rows under the write lock before it decides, so the two-replica races here are
/// the cross-process path (the rest of the suite shares one map per file, as stores in one process do).
/// </summary>
public sealed class SqliteIdempotencyOwnMapTests() : IdempotencyStoreTests(new SqliteTestDatabase())
{
    protected override IIdempotencyStore Create(StorageOptions options) =>
        new SqliteIdempotencyStore(options.SqlitePath!, NullLogger<SqliteIdempotencyStore>.Instance, new SqliteKeyIndex());
}
