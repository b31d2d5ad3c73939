using System.Text.Json.Nodes;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary><c>GET /v1/stats</c>: the dashboard figures over flows and runs (field names as the dashboard API names them).</summary>
internal static class StatsEndpoints
{
    public static void MapStats(this IEndpointRouteBuilder app) => app.MapGet("/v1/stats", GetAsync).RequireScope(Scopes.FlowsRun);

    private static async Task<IResult> GetAsync(HttpContext http, FlowService flows, IRunStore runs, TimeProvider time) =>
        Results.Json(View(await GatewayStats.ReadAsync(flows, runs, time, http.RequestAborted)));

    private static JsonObject View(GatewayStats stats)
    {
        var byStatus = new JsonObject();
        foreach (var (status, count) in stats.Runs.RunsByStatus)
        {
            byStatus[status] = count;
        }

        return new JsonObject
        {
            ["totalFlows"] = stats.TotalFlows,
            ["totalRuns"] = stats.Runs.TotalRuns,
            ["runsLast24h"] = stats.Runs.RunsLast24h,
            ["activeRuns"] = stats.Runs.ActiveRuns,
            ["successRate"] = stats.SuccessRate,
            ["failedRunsLast24h"] = stats.Runs.FailedRunsLast24h,
            ["runsByStatus"] = byStatus,
            ["recentRuns"] = new JsonArray(stats.Runs.RecentRuns.Select(r => (JsonNode)FlowViews.Run(r)).ToArray()),
        };
    }
}
