using McpGateway.Storage.Tests.Flows;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The run store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteRunStoreTests() : RunStoreTests(new SqliteTestDatabase());
