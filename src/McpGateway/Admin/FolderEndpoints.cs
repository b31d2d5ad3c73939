using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary><c>/v1/folders</c>: list, create, rename, delete (a folder with flows in it is refused with 409).</summary>
internal static class FolderEndpoints
{
    public static void MapFolders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/folders", ListAsync).RequireScope(Scopes.FlowsRun);
        app.MapPost("/v1/folders", CreateAsync).RequireScope(Scopes.FlowsWrite);
        app.MapPatch("/v1/folders/{folder}", RenameAsync).RequireScope(Scopes.FlowsWrite);
        app.MapDelete("/v1/folders/{folder}", DeleteAsync).RequireScope(Scopes.FlowsWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, FlowService flows)
    {
        var list = await flows.ListFoldersAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["folders"] = new JsonArray(list.Select(f => (JsonNode)FlowViews.Folder(f)).ToArray()) });
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
