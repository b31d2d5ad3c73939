using McpGateway.Storage.Tests.Instances;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The instance suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresInstanceStoreTests() : InstanceStoreTests(new PostgresTestDatabase());
