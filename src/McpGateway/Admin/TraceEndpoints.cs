using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Admin;

/// <summary><c>GET /v1/traces</c> (filters tool, agent, status, since, until; paged by <see cref="Paging"/>) and <c>GET /v1/traces/export?format=json|jsonl|langsmith|helicone</c>.</summary>
internal static class TraceEndpoints
{
    public static void MapTraces(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/traces", ListAsync).RequireScope(Scopes.TracesRead);
        app.MapGet("/v1/traces/export", ExportAsync).RequireScope(Scopes.TracesRead);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IJournalStore journal)
    {
        if (Paging.Read(http.Request, "traces", out var page) is { } badPage)
        {
            return badPage;
        }

        if (Query(http.Request) is not { } query)
        {
            return Problems.Create(400, "Bad Request", "since/until must be ISO 8601 date-times.");
        }

        if (page.After is { } after && TimeKey.Parse(after) is null)
        {
            return Paging.BadCursor();
        }

        // One record more than the page says whether another follows, without a count.
        var records = await journal.ListAsync(query with { Limit = page.Limit + 1, Before = page.After is { } a ? TimeKey.Parse(a) : null }, http.RequestAborted);
        var shown = records.Take(page.Limit).ToList();
        return Paging.Answer(page, shown.Select(r => (JsonNode)TraceView.From(r)),
            records.Count > page.Limit ? TimeKey.Format(shown[^1].StartedAt, shown[^1].ExecutionId) : null);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IJournalStore journal)
    {
        var format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "json";
        if (format is not ("json" or "jsonl" or "langsmith" or "helicone"))
        {
            return Problems.Create(400, "Bad Request", $"Unknown format '{format}': use json, jsonl, langsmith or helicone.");
        }

        if (Query(http.Request) is not { } query)
        {
            return Problems.Create(400, "Bad Request", "since/until must be ISO 8601 date-times and limit 1..1000.");
        }

        var views = (await journal.ListAsync(query, http.RequestAborted)).Select(r => format switch
        {
            "langsmith" => TraceExport.LangSmith(r),
            "helicone" => TraceExport.Helicone(r),
            _ => TraceView.From(r),
        }).ToList();
        if (format == "jsonl")
        {
            var sb = new StringBuilder();
            foreach (var v in views)
            {
                sb.Append(v.ToJsonString()).Append('\n');
            }

            return Results.Text(sb.ToString(), "application/x-ndjson");
        }

        return Results.Json(new JsonArray(views.Select(v => (JsonNode)v).ToArray()));
    }

    private static JournalQuery? Query(HttpRequest request)
    {
        var q = request.Query;
        DateTimeOffset? since = null, until = null;
        if (q["since"].ToString() is { Length: > 0 } s)
        {
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                return null;
            }

            since = v;
        }

        if (q["until"].ToString() is { Length: > 0 } u)
        {
            if (!DateTimeOffset.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                return null;
            }

            until = v;
        }

        var limit = 100;
        if (q["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return null;
        }

        string? Str(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        return new JournalQuery { Tool = Str("tool"), Agent = Str("agent"), Status = Str("status"), Since = since, Until = until, Limit = limit };
    }
}
