using McpGateway.Storage.Tests.Instances;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The instance suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteInstanceStoreTests() : InstanceStoreTests(new SqliteTestDatabase());
