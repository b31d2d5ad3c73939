using McpGateway.Storage.Tests.Connectors;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The runtime connector store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteConnectorStoreTests() : ConnectorStoreTests(new SqliteTestDatabase());
