using McpGateway.Storage.Tests.Sessions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The session store suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteSessionStoreTests() : SessionStoreTests(new SqliteTestDatabase());
