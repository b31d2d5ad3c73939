using McpGateway.Storage.Tests.Keys;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The API key suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresApiKeyStoreTests() : ApiKeyStoreTests(new PostgresTestDatabase());
