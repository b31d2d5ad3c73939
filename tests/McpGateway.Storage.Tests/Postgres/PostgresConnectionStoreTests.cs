using McpGateway.Storage.Tests.Connections;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The Connection store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresConnectionStoreTests() : ConnectionStoreTests(new PostgresTestDatabase());
