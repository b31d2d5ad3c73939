using McpGateway.Storage.Tests.Servers;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The McpServer store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteMcpServerStoreTests() : McpServerStoreTests(new SqliteTestDatabase());
