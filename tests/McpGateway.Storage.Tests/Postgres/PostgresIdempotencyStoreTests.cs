using McpGateway.Storage.Tests.Idempotency;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The idempotency suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresIdempotencyStoreTests() : IdempotencyStoreTests(new PostgresTestDatabase());
