using McpGateway.Storage.Tests.Flows;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The flow store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresFlowStoreTests() : FlowStoreTests(new PostgresTestDatabase());
