using McpGateway.Storage.Tests.Limits;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The rate limit suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteRateLimitStoreTests() : RateLimitStoreTests(new SqliteTestDatabase());
