using McpGateway.Storage.Tests.Idempotency;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The idempotency suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteIdempotencyStoreTests() : IdempotencyStoreTests(new SqliteTestDatabase());
