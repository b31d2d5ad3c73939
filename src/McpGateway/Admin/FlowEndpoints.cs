using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Flows.Files;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>/v1/flows</c>: list, create, get, delete, versions (list, add, get by number, <c>latest</c> or <c>published</c>),
/// operations (publish, enable, disable, move, rename, rollback, set_webhook_secret, describe), import and export.
/// Reads need <c>flows:run</c>, changes <c>flows:write</c>.
/// </summary>
internal static class FlowEndpoints
{
    public static void MapFlows(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/flows", ListAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/flows", CreateAsync).RequireScope(Scopes.FlowsWrite);
        app.MapPost("/v1/flows/import", ImportAsync).RequireScope(Scopes.FlowsWrite);
        app.MapGet("/v1/flows/{flow}", GetAsync).RequireScope(Scopes.FlowsRun);
        app.MapDelete("/v1/flows/{flow}", DeleteAsync).RequireScope(Scopes.FlowsWrite);
        app.MapGet("/v1/flows/{flow}/export", ExportAsync).RequireScope(Scopes.FlowsRun);
        app.MapGet("/v1/flows/{flow}/versions", ListVersionsAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/flows/{flow}/versions", AddVersionAsync).RequireScope(Scopes.FlowsWrite);
        app.MapGet("/v1/flows/{flow}/versions/{version}", GetVersionAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/flows/{flow}/operations", ApplyAsync).RequireScope(Scopes.FlowsWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, FlowService flows)
    {
        if (Paging.Read(http.Request, "flows", out var page) is { } badPage)
        {
            return badPage;
        }

        var status = http.Request.Query["status"].ToString();
        if (status.Length > 0 && status is not (FlowStatuses.Enabled or FlowStatuses.Disabled))
        {
            return Problems.Create(400, "Bad Request", $"'status' must be {FlowStatuses.Enabled} or {FlowStatuses.Disabled}, got '{status}'.");
        }

        string? Param(string name) => http.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;
        var list = await flows.ListFlowPageAsync(Param("folder"), Param("status"), Param("external_id"), page.After, page.Limit + 1, http.RequestAborted);
        return FlowProblems.Result(list, l => Paging.Fetched(page, l, f => f.Name, f => FlowViews.Flow(f)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, FlowService flows)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (CallInputReader.Str(body!, "name") is not { Length: > 0 } name)
        {
            return Problems.Create(400, "Bad Request", "'name' is required.");
        }

        if (body!["external_id"] is { } e && (e.GetValueKind() != System.Text.Json.JsonValueKind.String || FlowService.ExternalIdError(e.GetValue<string>()) is not null))
        {
            return Problems.Create(400, "Bad Request", "'external_id' must be a string of 1 to 200 characters without control characters.");
        }

        if (body["definition"] is { } d and not JsonObject)
        {
            return Problems.Create(400, "Bad Request", $"'definition' must be an object, not {d.GetValueKind()}.");
        }

        var created = await flows.CreateFlowAsync(new FlowDraft
        {
            Name = name,
            ExternalId = CallInputReader.Str(body, "external_id"),
            Description = CallInputReader.Str(body, "description"),
            Folder = CallInputReader.Str(body, "folder"),
            Tags = body["tags"] is JsonArray tags ? tags.Select(t => t?.ToString() ?? "").ToList() : [],
            Definition = body["definition"]?.DeepClone() as JsonObject,
            Notes = CallInputReader.Str(body, "notes"),
            Actor = Actor(http),
        }, http.RequestAborted);
        if (!created.Ok)
        {
            return FlowProblems.From(created.Error!);
        }

        var view = FlowViews.Flow(created.Value!);
        if ((await flows.GetVersionAsync(created.Value!.Id, "latest", http.RequestAborted)).Value is { } version)
        {
            view["version"] = FlowViews.Version(version, withDefinition: false);
        }

        return Results.Json(view, statusCode: 201);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string flow, FlowService flows)
    {
        var found = await flows.GetFlowAsync(flow, http.RequestAborted);
        if (found is null)
        {
            return Problems.Create(404, "Not Found", $"No flow '{flow}'.");
        }

        var view = FlowViews.Flow(found);
        view["latest_version"] = (await flows.GetVersionAsync(found.Id, "latest", http.RequestAborted)).Value?.Number;
        return Results.Json(view);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string flow, FlowService flows) =>
        FlowProblems.Result(await flows.DeleteFlowAsync(flow, http.RequestAborted), f => Results.Json(FlowViews.Flow(f)));

    private static async Task<IResult> ListVersionsAsync(HttpContext http, string flow, FlowService flows)
    {
        if (Paging.Read(http.Request, "versions:" + flow, out var page) is { } badPage)
        {
            return badPage;
        }

        int? before = null;
        if (page.After is { } after)
        {
            if (!int.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return Paging.BadCursor();
            }

            before = number;
        }

        return FlowProblems.Result(await flows.ListVersionPageAsync(flow, before, page.Limit + 1, http.RequestAborted), l =>
            Paging.Fetched(page, l, v => v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), v => FlowViews.Version(v, withDefinition: false)));
    }

    private static async Task<IResult> GetVersionAsync(HttpContext http, string flow, string version, FlowService flows) =>
        FlowProblems.Result(await flows.GetVersionAsync(flow, version, http.RequestAborted), v => Results.Json(FlowViews.Version(v)));

    private static async Task<IResult> AddVersionAsync(HttpContext http, string flow, FlowService flows)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!["definition"] is not JsonObject definition)
        {
            return Problems.Create(400, "Bad Request", "'definition' (an object) is required.");
        }

        var saved = await flows.SaveVersionAsync(flow, (JsonObject)definition.DeepClone(), CallInputReader.Str(body, "notes"), Actor(http), http.RequestAborted);
        return FlowProblems.Result(saved, v => Results.Json(FlowViews.Version(v), statusCode: 201));
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, string flow, FlowService flows)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (CallInputReader.Str(body!, "type") is not { Length: > 0 } type)
        {
            return Problems.Create(400, "Bad Request", "'type' is required: publish, enable, disable, move, rename, rollback, set_webhook_secret or describe.");
        }

        var operation = new FlowOperation
        {
            Type = type,
            Version = body!["version"]?.ToString(),
            Folder = CallInputReader.Str(body, "folder"),
            Name = CallInputReader.Str(body, "name"),
            Secret = CallInputReader.Str(body, "secret"),
            Description = CallInputReader.Str(body, "description"),
            Tags = body["tags"] is JsonArray tags ? tags.Select(t => t?.ToString() ?? "").ToList() : null,
            Actor = Actor(http),
        };
        return FlowProblems.Result(await flows.ApplyAsync(flow, operation, http.RequestAborted), f => Results.Json(FlowViews.Flow(f)));
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string flow, FlowService flows)
    {
        var found = await flows.GetFlowAsync(flow, http.RequestAborted);
        if (found is null)
        {
            return Problems.Create(404, "Not Found", $"No flow '{flow}'.");
        }

        var which = http.Request.Query["version"].ToString() is { Length: > 0 } v ? v : found.PublishedVersion is null ? "latest" : "published";
        var version = await flows.GetVersionAsync(found.Id, which, http.RequestAborted);
        if (!version.Ok)
        {
            return FlowProblems.From(version.Error!);
        }

        var folder = found.FolderId is null ? null : (await flows.ListFoldersAsync(http.RequestAborted)).FirstOrDefault(f => f.Id == found.FolderId)?.Name;
        return Results.Json(FlowFile.Document(found, folder, version.Value!));
    }

    private static async Task<IResult> ImportAsync(HttpContext http, FlowImporter importer)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        var imported = await importer.ImportAsync(body!, Actor(http), http.RequestAborted);
        return FlowProblems.Result(imported, r => Results.Json(new JsonObject
        {
            ["flow"] = FlowViews.Flow(r.Flow),
            ["version"] = FlowViews.Version(r.Version, withDefinition: false),
            ["created"] = r.Created,
            ["new_version"] = r.NewVersion,
        }, statusCode: r.Created ? 201 : 200));
    }

    /// <summary>Who makes the change: the request's key (a version it saves has that key as its author), else <c>api</c>.</summary>
    public static FlowActor Actor(HttpContext http) => AdminAuth.Key(http) is { } key ? new FlowActor("key:" + key.Name, key.Id) : "api";
}
