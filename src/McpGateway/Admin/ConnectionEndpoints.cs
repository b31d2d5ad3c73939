using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>/v1/connections</c>: list, get, upsert, delete. Values go in on PUT and never come out: reads return the
/// metadata and the field names only. Reads need <c>admin</c> too: the list of integrations and their field names is
/// an inventory of where the gateway holds credentials, which is for operators, not for agents.
/// </summary>
internal static class ConnectionEndpoints
{
    public static void MapConnections(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/connections", ListAsync).RequireScope(Scopes.Admin);
        app.MapGet("/v1/connections/{name}", GetAsync).RequireScope(Scopes.Admin);
        app.MapPut("/v1/connections/{name}", PutAsync).RequireScope(Scopes.Admin);
        app.MapDelete("/v1/connections/{name}", DeleteAsync).RequireScope(Scopes.Admin);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ConnectionVault vault)
    {
        if (Paging.Read(http.Request, "connections", out var page) is { } badPage)
        {
            return badPage;
        }

        var list = await vault.Store.ListAsync(http.RequestAborted);
        return Paging.Answer(page, list, c => c.Name, c => View(c));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string name, ConnectionVault vault) =>
        await vault.Store.GetAsync(name, http.RequestAborted) is { } record
            ? Results.Json(View(record))
            : Problems.Create(404, "Not Found", $"No connection '{name}'.");

    private static async Task<IResult> PutAsync(HttpContext http, string name, ConnectionVault vault, UpstreamHub hub, Hosting.ChangeFollower changes)
    {
        if (ConnectionValues.NameError(name) is { } nameError)
        {
            return Problems.Create(400, "Bad Request", nameError);
        }

        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        var type = body!["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        var (fields, error) = ConnectionValues.Validate(type, body["value"]);
        if (error is not null)
        {
            return Problems.Create(422, "Unprocessable Entity", error);
        }

        string? displayName = null;
        if (body["display_name"] is { } d)
        {
            if (d.GetValueKind() != JsonValueKind.String)
            {
                return Problems.Create(422, "Unprocessable Entity", "'display_name' must be a string.");
            }

            displayName = d.GetValue<string>();
        }

        var (record, created) = await vault.SetAsync(name, type!, fields!, displayName, http.RequestAborted);

        // Connectors using the old value reconnect with the new one (the answer says which here), and so do those of
        // every other process on this store once the change feed tells them.
        var view = View(record);
        view["reconnecting"] = new JsonArray(hub.ReconnectReferencing(name).Select(c => (JsonNode)c).ToArray());
        await changes.PublishAsync(Connectors.Changes.ChangeNotice.Connection, name);
        return created ? Results.Json(view, statusCode: 201) : Results.Json(view);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string name, ConnectionVault vault) =>
        await vault.Store.DeleteAsync(name, http.RequestAborted)
            ? Results.NoContent()
            : Problems.Create(404, "Not Found", $"No connection '{name}'.");

    /// <summary>What a client may see: never the value, only the names of its fields.</summary>
    private static JsonObject View(ConnectionRecord c) => new()
    {
        ["name"] = c.Name,
        ["type"] = c.Type,
        ["display_name"] = c.DisplayName,
        ["fields"] = new JsonArray(c.FieldNames.Select(f => (JsonNode)f).ToArray()),
        ["created_at"] = c.CreatedAt,
        ["updated_at"] = c.UpdatedAt,
        ["expires_at"] = c.ExpiresAt,
        ["refresh_error"] = c.RefreshError,
    };
}
