using McpGateway.Storage.Tests.Connectors;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The runtime connector store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresConnectorStoreTests() : ConnectorStoreTests(new PostgresTestDatabase());
