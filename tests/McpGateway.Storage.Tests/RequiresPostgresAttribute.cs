namespace McpGateway.Storage.Tests;

/// <summary>Marks a test class that runs against the PostgreSQL server named by <see cref="Variable"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    /// <summary>An Npgsql connection string to a database the tests may create schemas in.</summary>
    public const string Variable = "MCPGW_TEST_POSTGRES";

    /// <summary>The configured connection string, or null.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why the tests are skipped, or null when a server is configured.</summary>
    public static string? SkipReason => ConnectionString is null
        ? $"{Variable} is not set (source tests/ci/start-postgres.sh to start a server)."
        : null;
}
