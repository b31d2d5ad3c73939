using System.Text.Json.Nodes;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.RateLimit;

namespace McpGateway.Admin;

/// <summary>
/// <c>GET /v1/limits</c>: each limit of <c>policy.limits</c> as configured now (after the latest good reload) with what
/// each subject uses of it now, read from the store (so the same answer on every replica). Scope <c>traces:read</c>: the
/// subjects are agents, key ids, tools and connectors, which the journal's traces show to the same scope.
/// </summary>
internal static class LimitEndpoints
{
    public static void MapLimits(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/limits", GetAsync).RequireScope(Scopes.TracesRead);

    private static async Task<IResult> GetAsync(HttpContext http, PolicyConfigSource policy, IRateLimitStore store, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var usage = await store.ListUsageAsync(now, http.RequestAborted);
        var limits = new JsonArray();
        foreach (var limit in policy.Current.Limits)
        {
            var used = new JsonArray(usage.Where(u => u.Limit == limit.Name).Select(u => (JsonNode)new JsonObject
            {
                ["subject"] = u.Subject,
                ["requests"] = u.Requests,
                ["window_ends_at"] = u.WindowEnd,
                ["in_flight"] = u.InFlight,
            }).ToArray());
            limits.Add(new JsonObject
            {
                ["name"] = limit.Name,
                ["by"] = limit.By,
                ["tools"] = new JsonArray(limit.Tools.Select(t => (JsonNode?)t).ToArray()),
                ["requests"] = limit.Requests,
                ["per_s"] = limit.Per?.TotalSeconds,
                ["concurrent"] = limit.Concurrent,
                ["usage"] = used,
            });
        }

        return Results.Json(new JsonObject { ["now"] = now, ["limits"] = limits });
    }
}
