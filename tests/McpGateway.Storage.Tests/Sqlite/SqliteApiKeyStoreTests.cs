using McpGateway.Storage.Tests.Keys;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The API key suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteApiKeyStoreTests() : ApiKeyStoreTests(new SqliteTestDatabase());
