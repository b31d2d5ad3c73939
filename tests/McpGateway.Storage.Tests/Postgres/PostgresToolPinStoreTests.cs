using McpGateway.Storage.Tests.Pins;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The tool pin store suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresToolPinStoreTests() : ToolPinStoreTests(new PostgresTestDatabase());
