namespace McpGateway.Flows.Execution;

/// <summary>Combines wake times, where null means "no opinion".</summary>
internal static class WakeTimes
{
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
