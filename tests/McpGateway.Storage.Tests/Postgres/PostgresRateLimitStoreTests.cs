using McpGateway.Storage.Tests.Limits;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The rate limit suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresRateLimitStoreTests() : RateLimitStoreTests(new PostgresTestDatabase());
