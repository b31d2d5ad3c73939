using System.Text.Json.Nodes;
using McpGateway.Auth;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Admin;

/// <summary>
/// What a load balancer, an orchestrator and a scraper ask: <c>/healthz</c> (the process answers), <c>/readyz</c> (it can
/// take calls: the store answers and the gateway is not stopping; connectors that are down are listed, since the
/// others still serve) and <c>/metrics</c> (Prometheus text, with a key holding <c>traces:read</c> under
/// <c>auth: keys</c>). The first two need no key: they say nothing about tools, keys or calls.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(2);

    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Json(new JsonObject { ["status"] = "ok" }));
        app.MapGet("/readyz", ReadyAsync);
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            var auth = await RequestAuth.ForAsync(http.Request, http.RequestServices.GetRequiredService<ApiKeyAuthenticator>(), http.RequestAborted);
            if (!auth.Ok || (auth.Key is { } key && !Scopes.Allows(key.Scopes, Scopes.TracesRead)))
            {
                http.Response.StatusCode = auth.Ok ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                if (!auth.Ok)
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                }

                await http.Response.WriteAsync(auth.Problem ?? $"Key '{auth.Key!.Name}' lacks the {Scopes.TracesRead} scope.");
                return;
            }

            await next(http);
        }), optionsName: null);
    }

    private static async Task<IResult> ReadyAsync(IJournalStore journal, UpstreamHub hub, IHostApplicationLifetime lifetime)
    {
        var problems = new JsonArray();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            problems.Add("stopping");
        }

        using (var timeout = new CancellationTokenSource(StoreTimeout))
        {
            try
            {
                await journal.GetAsync("exe_readyz", timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                problems.Add("store: " + (timeout.IsCancellationRequested ? $"no answer within {StoreTimeout.TotalSeconds:0} s" : ex.Message));
            }
        }

        var down = new JsonArray(hub.Statuses
            .Where(s => s.State is not (UpstreamState.Connected or UpstreamState.Disabled))
            .Select(s => (JsonNode)new JsonObject { ["connector"] = s.Connector, ["state"] = s.State.ToString().ToLowerInvariant(), ["reason"] = s.Reason })
            .ToArray());
        var body = new JsonObject { ["status"] = problems.Count == 0 ? "ready" : "not_ready", ["problems"] = problems, ["connectors_down"] = down };
        return Results.Json(body, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
