namespace McpGateway.Flows.Model;

/// <summary>Dashboard figures over the run store.</summary>
public sealed record RunStats
{
    /// <summary>Runs ever recorded.</summary>
    public long TotalRuns { get; init; }

    /// <summary>Runs created in the last 24 hours.</summary>
    public long RunsLast24h { get; init; }

    /// <summary>Runs PENDING, RUNNING or PAUSED.</summary>
    public long ActiveRuns { get; init; }

    /// <summary>Failed (FAILED or TIMEOUT) runs created in the last 24 hours.</summary>
    public long FailedRunsLast24h { get; init; }

    /// <summary>Run count per status (every status present, zero included).</summary>
    public IReadOnlyDictionary<string, long> RunsByStatus { get; init; } = new Dictionary<string, long>();

    /// <summary>The newest runs.</summary>
    public IReadOnlyList<FlowRun> RecentRuns { get; init; } = [];
}
