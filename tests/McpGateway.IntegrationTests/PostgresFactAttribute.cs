namespace McpGateway.IntegrationTests;

/// <summary>A test that needs a PostgreSQL server: skipped (not passed) when <c>MCPGW_TEST_POSTGRES</c> is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MCPGW_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set (source tests/ci/start-postgres.sh)";
        }
    }
}
