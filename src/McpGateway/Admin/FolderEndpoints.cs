using McpGateway.Calls;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary><c>/v1/folders</c>: list, get by id or name (with its flow count), create, rename, delete (a folder with flows in it is refused with 409).</summary>
internal static class FolderEndpoints
{
    public static void MapFolders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/folders", ListAsync).RequireScope(Scopes.FlowsRun);
        app.MapGet("/v1/folders/{folder}", GetAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/folders", CreateAsync).RequireScope(Scopes.FlowsWrite);
        app.MapPatch("/v1/folders/{folder}", RenameAsync).RequireScope(Scopes.FlowsWrite);
        app.MapDelete("/v1/folders/{folder}", DeleteAsync).RequireScope(Scopes.FlowsWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, FlowService flows)
    {
        if (Paging.Read(http.Request, "folders", out var page) is { } badPage)
        {
            return badPage;
        }

        var list = await flows.ListFoldersAsync(http.RequestAborted);
        return Paging.Answer(page, list, f => f.Name, f => FlowViews.Folder(f));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string folder, FlowService flows)
    {
        var found = await flows.GetFolderAsync(folder, http.RequestAborted);
        if (!found.Ok)
        {
            return FlowProblems.From(found.Error!);
        }

        var view = FlowViews.Folder(found.Value!);
        view["flow_count"] = (await flows.ListFlowsAsync(found.Value!.Id, http.RequestAborted)).Value?.Count ?? 0;
        return Results.Json(view);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, FlowService flows)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        return CallInputReader.Str(body!, "name") is { Length: > 0 } name
            ? FlowProblems.Result(await flows.CreateFolderAsync(name, http.RequestAborted), f => Results.Json(FlowViews.Folder(f), statusCode: 201))
            : Problems.Create(400, "Bad Request", "'name' is required.");
    }

    private static async Task<IResult> RenameAsync(HttpContext http, string folder, FlowService flows)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        return CallInputReader.Str(body!, "name") is { Length: > 0 } name
            ? FlowProblems.Result(await flows.RenameFolderAsync(folder, name, http.RequestAborted), f => Results.Json(FlowViews.Folder(f)))
            : Problems.Create(400, "Bad Request", "'name' is required.");
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string folder, FlowService flows) =>
        FlowProblems.Result(await flows.DeleteFolderAsync(folder, http.RequestAborted), f => Results.Json(FlowViews.Folder(f)));
}
