using McpGateway.Storage.Tests.Approvals;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The approval suite on a real SQLite file, a new one per test.</summary>
public sealed class SqliteApprovalStoreTests() : ApprovalStoreTests(new SqliteTestDatabase());
