using System.Text.Json.Nodes;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary><c>GET /v1/stats</c>: the dashboard figures over flows and runs (field names as the dashboard API names them).</summary>
internal static class StatsEndpoints
{
    public static void MapStats(this IEndpointRouteBuilder app) => app.MapGet("/v1/stats", GetAsync).RequireScope(Scopes.FlowsRun);

    private static async Task<IResult> GetAsync(HttpContext http, FlowService flows, IRunStore runs, TimeProvider time) =>
        Results.Json(await StatsAsync(flows, runs, time, http.RequestAborted));

    public static async Task<JsonObject> StatsAsync(FlowService flows, IRunStore runs, TimeProvider time, CancellationToken ct)
    {
        var all = await flows.ListFlowsAsync(null, ct);
        var stats = await runs.GetStatsAsync(time.GetUtcNow(), 10, ct);
        var succeeded = stats.RunsByStatus.GetValueOrDefault(RunStatuses.Succeeded);
        var finished = succeeded + stats.RunsByStatus.GetValueOrDefault(RunStatuses.Failed) + stats.RunsByStatus.GetValueOrDefault(RunStatuses.Timeout);
        var byStatus = new JsonObject();
        foreach (var (status, count) in stats.RunsByStatus)
        {
            byStatus[status] = count;
        }

        return new JsonObject
        {
            ["totalFlows"] = all.Value?.Count ?? 0,
            ["totalRuns"] = stats.TotalRuns,
            ["runsLast24h"] = stats.RunsLast24h,
            ["activeRuns"] = stats.ActiveRuns,
            // Of the runs that finished on their own (cancelled ones are left out): null before any finished.
            ["successRate"] = finished == 0 ? null : Math.Round((double)succeeded / finished, 4),
            ["failedRunsLast24h"] = stats.FailedRunsLast24h,
            ["runsByStatus"] = byStatus,
            ["recentRuns"] = new JsonArray(stats.RecentRuns.Select(r => (JsonNode)FlowViews.Run(r)).ToArray()),
        };
    }
}
