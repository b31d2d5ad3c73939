using McpGateway.Flows.Model;

namespace McpGateway;

/// <summary>The dashboard figures over flows and runs (<c>GET /v1/stats</c> and <see cref="Gateway.GetStatsAsync"/>).</summary>
/// <param name="TotalFlows">Flows defined.</param>
/// <param name="Runs">The run store's figures: totals, the last 24 hours, runs by status, the newest runs.</param>
/// <param name="SuccessRate">
/// Of the runs that finished on their own (cancelled ones are left out), the share that succeeded, rounded to four
/// places; null before any finished.
/// </param>
public sealed record GatewayStats(int TotalFlows, RunStats Runs, double? SuccessRate)
{
    /// <summary>How many runs the figures list in <see cref="RunStats.RecentRuns"/>.</summary>
    public const int RecentRuns = 10;

    internal static async Task<GatewayStats> ReadAsync(FlowService flows, IRunStore runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var all = await flows.ListFlowsAsync(null, cancellationToken);
        var stats = await runs.GetStatsAsync(time.GetUtcNow(), RecentRuns, cancellationToken);
        var succeeded = stats.RunsByStatus.GetValueOrDefault(RunStatuses.Succeeded);
        var finished = succeeded + stats.RunsByStatus.GetValueOrDefault(RunStatuses.Failed) + stats.RunsByStatus.GetValueOrDefault(RunStatuses.Timeout);
        return new GatewayStats(all.Value?.Count ?? 0, stats, finished == 0 ? null : Math.Round((double)succeeded / finished, 4));
    }
}
