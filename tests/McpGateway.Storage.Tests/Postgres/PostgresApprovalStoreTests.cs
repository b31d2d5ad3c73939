using McpGateway.Storage.Tests.Approvals;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>The approval suite on the real PostgreSQL server, a new schema per test; skipped, not passed, without one.</summary>
[RequiresPostgres]
public sealed class PostgresApprovalStoreTests() : ApprovalStoreTests(new PostgresTestDatabase());
