using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// Runs: <c>POST /v1/flows/{flow}/runs</c> (async: 202 with the run id at once; <c>"wait": true</c>: the outputs),
/// <c>GET /v1/runs</c> (filters and cursor pages), <c>GET /v1/runs/{id}</c> (with node executions and usage), cancel, retry, pause, resume, and the live
/// <c>GET /v1/runs/{id}/events</c> (<see cref="RunEventStream"/>).
/// </summary>
internal static class RunEndpoints
{
    public static void MapRuns(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/flows/{flow}/runs", StartAsync).RequireScope(Scopes.FlowsRun);
        app.MapGet("/v1/runs", ListAsync).RequireScope(Scopes.FlowsRun);
        app.MapGet("/v1/runs/{id}", GetAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/runs/{id}/cancel", CancelAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/runs/{id}/retry", RetryAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/runs/{id}/pause", PauseAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/runs/{id}/resume", ResumeAsync).RequireScope(Scopes.FlowsRun);
        app.MapGet("/v1/runs/{id}/events", RunEventStream.StreamAsync).RequireScope(Scopes.FlowsRun);
    }

    private static async Task<IResult> StartAsync(HttpContext http, string flow, FlowEngine engine)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        if (body!["inputs"] is { } i and not JsonObject)
        {
            return Problems.Create(400, "Bad Request", $"'inputs' must be an object, not {i.GetValueKind()}.");
        }

        if (body["version"] is { } v && v.GetValueKind() is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number))
        {
            return Problems.Create(400, "Bad Request", "'version' must be a version number or \"latest\".");
        }

        if (RunTags.Read(body["tags"], out var tags) is { } badTags)
        {
            return Problems.Create(400, "Bad Request", badTags);
        }

        foreach (var name in (string[])["from_step_key", "from_run", "to_step_key"])
        {
            if (body[name] is { } field && field.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return Problems.Create(400, "Bad Request", $"'{name}' must be a string.");
            }
        }

        var key = AdminAuth.Key(http);
        var header = http.Request.Headers["Idempotency-Key"].ToString();
        var start = new RunStart
        {
            Flow = flow,
            Version = body["version"]?.ToString(),
            Environment = CallInputReader.Str(body, "environment"),
            Origin = CallInputReader.Str(body, "origin") == RunOrigins.Manual ? RunOrigins.Manual : RunOrigins.Api,
            Inputs = body["inputs"]?.DeepClone() as JsonObject ?? [],
            DedupKey = header.Length > 0 ? header : CallInputReader.Str(body, "dedup_key"),
            Tags = tags,
            FromStep = CallInputReader.Str(body, "from_step_key"),
            FromRun = CallInputReader.Str(body, "from_run"),
            ToStep = CallInputReader.Str(body, "to_step_key"),
            Key = key,
            Agent = key?.Agent ?? CallInputReader.Str(body, "agent"),
        };
        var wait = body["wait"] is JsonValue w && w.TryGetValue<bool>(out var b) && b;
        return await StartedAsync(http, engine, start, wait);
    }

    /// <summary>Starts a run and answers: 202 with the run (async or still paused), 200 with outputs once it ended.</summary>
    public static async Task<IResult> StartedAsync(HttpContext http, FlowEngine engine, RunStart start, bool wait)
    {
        var started = await engine.StartRunAsync(start, http.RequestAborted);
        if (!started.Ok)
        {
            return FlowProblems.From(started.Error!);
        }

        var run = started.Run!;
        if (wait)
        {
            run = await engine.WaitAsync(run.Id, http.RequestAborted);
        }

        var view = FlowViews.Run(run);
        view["created"] = started.Created;
        return Results.Json(view, statusCode: RunStatuses.IsTerminal(run.Status) ? 200 : 202);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IRunStore runs, FlowService flows)
    {
        var q = http.Request.Query;
        string? Param(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        string? flowId = null;
        if (Param("flow") is { } flowName)
        {
            var flow = await flows.GetFlowAsync(flowName, http.RequestAborted);
            if (flow is null)
            {
                return Problems.Create(404, "Not Found", $"No flow '{flowName}'.");
            }

            flowId = flow.Id;
        }

        if (Param("status") is { } status && !RunStatuses.All.Contains(status))
        {
            return Problems.Create(400, "Bad Request", $"'status' must be one of {string.Join(", ", RunStatuses.All)}.");
        }

        if (Param("origin") is { } origin && !RunOrigins.All.Contains(origin))
        {
            return Problems.Create(400, "Bad Request", $"'origin' must be one of {string.Join(", ", RunOrigins.All)}.");
        }

        if (Param("environment") is { } env && env is not (RunEnvironments.Production or RunEnvironments.Testing))
        {
            return Problems.Create(400, "Bad Request", $"'environment' must be {RunEnvironments.Production} or {RunEnvironments.Testing}.");
        }

        if (!TryTime(Param("from"), out var from) || !TryTime(Param("to"), out var to))
        {
            return Problems.Create(400, "Bad Request", "'from' and 'to' must be ISO-8601 times, e.g. 2026-11-22T10:00:00Z.");
        }

        if (Paging.Read(http.Request, "runs", out var page) is { } badPage)
        {
            return badPage;
        }

        var query = new RunQuery
        {
            FlowId = flowId,
            Status = Param("status"),
            Origin = Param("origin"),
            Environment = Param("environment"),
            From = from,
            To = to,
            ParentRunId = Param("parent"),
            Tag = Param("tag"),
            Limit = page.Limit,
            Cursor = page.After,
        };
        RunPage found;
        try
        {
            found = await runs.ListRunsAsync(query, http.RequestAborted);
        }
        catch (ArgumentException)
        {
            return Paging.BadCursor();
        }

        return Paging.Answer(page, found.Runs.Select(r => (JsonNode)FlowViews.Run(r)), found.NextCursor);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, FlowEngine engine)
    {
        var details = await engine.GetRunAsync(id, http.RequestAborted);
        return details is null ? Problems.Create(404, "Not Found", $"No run '{id}'.") : Results.Json(FlowViews.Run(details));
    }

    private static async Task<IResult> CancelAsync(HttpContext http, string id, FlowEngine engine) =>
        FlowProblems.Result(await engine.CancelAsync(id, http.RequestAborted), r => Results.Json(FlowViews.Run(r)));

    private static async Task<IResult> PauseAsync(HttpContext http, string id, FlowEngine engine)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        // The reason names who paused: the key's agent, else the name the caller gives, else its key id.
        var key = AdminAuth.Key(http);
        var by = key?.Agent ?? CallInputReader.Str(body!, "by") ?? key?.Id ?? "an operator";
        return FlowProblems.Result(await engine.PauseAsync(id, by, http.RequestAborted), r => Results.Json(FlowViews.Run(r), statusCode: 202));
    }

    private static async Task<IResult> ResumeAsync(HttpContext http, string id, FlowEngine engine) =>
        FlowProblems.Result(await engine.ResumeAsync(id, http.RequestAborted), r => Results.Json(FlowViews.Run(r), statusCode: 202));

    private static async Task<IResult> RetryAsync(HttpContext http, string id, FlowEngine engine)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        var mode = CallInputReader.Str(body!, "mode") ?? "from_failed";
        if (mode is not ("from_failed" or "latest_version"))
        {
            return Problems.Create(400, "Bad Request", "'mode' must be from_failed or latest_version.");
        }

        // Whoever retries is the run's principal from now on: its steps act with the retrier's authority.
        var key = AdminAuth.Key(http);
        var retried = await engine.RetryAsync(id, mode == "from_failed" ? RetryMode.FromFailed : RetryMode.LatestVersion, key, key?.Agent ?? CallInputReader.Str(body!, "agent"), http.RequestAborted);
        if (!retried.Ok)
        {
            return FlowProblems.From(retried.Error!);
        }

        var view = FlowViews.Run(retried.Run!);
        view["created"] = retried.Created;
        return Results.Json(view, statusCode: 202);
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            time = t;
            return true;
        }

        return false;
    }
}
