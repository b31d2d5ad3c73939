using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;

namespace McpGateway.Admin;

/// <summary>
/// <c>GET /v1/tools</c> (the cards the key may see) and <c>GET /v1/discover?q=&amp;limit=</c> (ranked by the words of
/// <c>q</c> in name, tags, title and description: <see cref="CardSearch"/>).
/// </summary>
internal static class ToolEndpoints
{
    private const int DefaultDiscoverLimit = 20;

    public static void MapTools(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tools", List).RequireScope(Scopes.ToolsRead);
        app.MapGet("/v1/discover", Discover).RequireScope(Scopes.ToolsRead);
    }

    private static IResult List(HttpContext http, ToolCatalog catalog, PolicyConfigSource policy)
    {
        if (Paging.Read(http.Request, "tools", out var page) is { } badPage)
        {
            return badPage;
        }

        var key = AdminAuth.Key(http);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return Paging.Answer(page, catalog.Current.Cards.Where(c => KeyAccess.MayList(key, c)), c => c.Name,
            c => CardView.For(c, policy, baseUrl, withDefinition: true));
    }

    private static IResult Discover(HttpContext http, ToolCatalog catalog, PolicyConfigSource policy)
    {
        var limit = DefaultDiscoverLimit;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out limit) || limit is < 1 or > DiscoverTool.MaxLimit))
        {
            return Problems.Create(400, "Bad Request", $"limit must be a whole number from 1 to {DiscoverTool.MaxLimit}, got '{text}'.");
        }

        var key = AdminAuth.Key(http);
        var cards = CardSearch.Rank(catalog.Current.Cards.Where(c => KeyAccess.MayList(key, c)), http.Request.Query["q"].ToString(), limit);
        return Views(http, policy, cards);
    }

    private static IResult Views(HttpContext http, PolicyConfigSource policy, IEnumerable<CapabilityCard> cards)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var views = cards.Select(c => (JsonNode?)CardView.For(c, policy, baseUrl, withDefinition: true)).ToArray();
        return Results.Json(new JsonObject { ["tools"] = new JsonArray(views) });
    }
}
