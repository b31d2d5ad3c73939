using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Runtime;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>/v1/connectors</c>: every connector with its state, reason, source and tools (<c>tools:read</c>, like
/// <c>/v1/status</c>); add or change one at runtime with its <c>connectors.yaml</c> record (validated as the file is),
/// delete it, restart it (<c>admin</c>). Runtime connectors live in the store (<see cref="RuntimeConnectors"/>).
/// </summary>
internal static class ConnectorEndpoints
{
    public static void MapConnectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/connectors", List).RequireScope(Scopes.ToolsRead);
        app.MapPost("/v1/connectors/{name}", PutAsync).RequireScope(Scopes.Admin);
        app.MapDelete("/v1/connectors/{name}", DeleteAsync).RequireScope(Scopes.Admin);
        app.MapPost("/v1/connectors/{name}/restart", RestartAsync).RequireScope(Scopes.Admin);
    }

    private static IResult List(HttpContext http, UpstreamHub hub, ToolCatalog catalog, RuntimeConnectors runtime)
    {
        if (Paging.Read(http.Request, "connectors", out var page) is { } badPage)
        {
            return badPage;
        }

        var snapshot = catalog.Current;
        return Paging.Answer(page, hub.Statuses, s => s.Connector, s =>
        {
            var tools = snapshot.ByConnector.TryGetValue(s.Connector, out var cards)
                ? cards.Values.Select(c => c.Name).Order(StringComparer.Ordinal).Select(n => (JsonNode)n).ToArray()
                : [];
            return new JsonObject
            {
                ["name"] = s.Connector,
                ["kind"] = s.Kind,
                ["source"] = runtime.StoredNames.Contains(s.Connector) ? "store" : "file",
                ["state"] = s.State.ToString().ToLowerInvariant(),
                ["reason"] = s.Reason,
                ["since"] = s.Since,
                ["restarts"] = s.Restarts,
                ["protocol"] = s.Protocol,
                ["endpoint"] = Endpoint(s.Connector),
                ["tools"] = new JsonArray(tools),
            };
        });
    }

    private static async Task<IResult> PutAsync(HttpContext http, string name, RuntimeConnectors runtime)
    {
        var (read, problem) = await RestBody.ReadAsync(http.Request);
        if (read is not { } record)
        {
            return problem!;
        }

        ConnectorChange change;
        try
        {
            change = await runtime.PutAsync(name, record, http.RequestAborted);
        }
        catch (ConfigException ex)
        {
            var errors = ex.Errors.Select(e => e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message).ToList();
            return Problems.Create(StatusCodes.Status400BadRequest, "Bad Request", "Invalid connector: " + string.Join("; ", errors),
                new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(e => new { path = e.Path, message = e.Message }).ToList() });
        }

        if (change == ConnectorChange.DefinedInFile)
        {
            return InFile(name, runtime);
        }

        var endpoint = Endpoint(name);
        return Results.Json(
            new JsonObject
            {
                ["name"] = name,
                ["source"] = "store",
                ["created"] = change == ConnectorChange.Created,
                ["endpoint"] = endpoint,
                ["url"] = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{endpoint}",
            },
            statusCode: change == ConnectorChange.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string name, RuntimeConnectors runtime)
    {
        if (runtime.InFile(name))
        {
            return InFile(name, runtime);
        }

        return await runtime.DeleteAsync(name, http.RequestAborted) ? Results.NoContent() : NotFound(name);
    }

    private static async Task<IResult> RestartAsync(string name, UpstreamHub hub) =>
        await hub.RestartAsync(name) ? Results.Json(new JsonObject { ["name"] = name, ["restarting"] = true }) : NotFound(name);

    private static string Endpoint(string name) => $"/c/{name}/mcp";

    private static IResult NotFound(string name) => Problems.Create(StatusCodes.Status404NotFound, "Not Found", $"No connector '{name}'.");

    private static IResult InFile(string name, RuntimeConnectors runtime) => Problems.Create(StatusCodes.Status409Conflict, "Conflict",
        $"The connector '{name}' is defined in {runtime.Current.SourcePath ?? "connectors.yaml"}; change or remove it there (the file's connectors are not changed over REST).");
}
