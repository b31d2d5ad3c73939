using McpGateway.Storage.Tests.Flows;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The flow store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteFlowStoreTests() : FlowStoreTests(new SqliteTestDatabase());
