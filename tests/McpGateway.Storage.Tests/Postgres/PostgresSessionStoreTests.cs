using McpGateway.Storage.Tests.Sessions;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The session store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresSessionStoreTests() : SessionStoreTests(new PostgresTestDatabase());
