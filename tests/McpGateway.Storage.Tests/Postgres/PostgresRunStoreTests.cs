using McpGateway.Storage.Tests.Flows;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The run store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresRunStoreTests() : RunStoreTests(new PostgresTestDatabase());
