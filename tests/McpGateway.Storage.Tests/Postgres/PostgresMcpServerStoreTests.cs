using McpGateway.Storage.Tests.Servers;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The McpServer store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresMcpServerStoreTests() : McpServerStoreTests(new PostgresTestDatabase());
