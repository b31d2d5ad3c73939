using McpGateway.Storage.Tests.Connections;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The Connection store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteConnectionStoreTests() : ConnectionStoreTests(new SqliteTestDatabase());
