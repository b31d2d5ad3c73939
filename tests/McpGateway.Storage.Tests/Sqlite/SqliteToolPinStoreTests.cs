using McpGateway.Storage.Tests.Pins;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The tool pin store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteToolPinStoreTests() : ToolPinStoreTests(new SqliteTestDatabase());
