namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// A test of several replicas behind HAProxy: needs <c>MCPGW_TEST_POSTGRES</c> and Debian's haproxy. Without either it is
/// reported skipped, naming what is missing; CI starts PostgreSQL and runs tests/ci/install-haproxy.sh first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ReplicaFactAttribute : FactAttribute
{
    /// <summary>The test also runs the TypeScript SDK client of tests/clients.</summary>
    public bool NeedsTsClient
    {
        get;
        set
        {
            field = value;
            if (value && Skip is null && !Clients.TsClient.Installed)
            {
                Skip = Clients.TsClient.NotInstalled;
            }
        }
    }

    public ReplicaFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)))
        {
            Skip = $"{PostgresFactAttribute.Variable} is not set (source tests/ci/start-postgres.sh)";
        }
        else if (LoadBalancer.Executable is null)
        {
            Skip = "haproxy is not installed (bash tests/ci/install-haproxy.sh)";
        }
    }
}
