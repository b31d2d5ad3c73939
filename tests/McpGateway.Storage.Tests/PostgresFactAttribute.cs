namespace McpGateway.Storage.Tests;

/// <summary>A fact of a PostgreSQL-only test: skipped (not passed) when <see cref="RequiresPostgresAttribute.Variable"/> is unset.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no server is configured.</summary>
    public PostgresFactAttribute() => Skip = RequiresPostgresAttribute.SkipReason;
}
