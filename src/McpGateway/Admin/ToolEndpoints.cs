using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary><c>GET /v1/tools</c> (the cards the key may see) and <c>GET /v1/discover?q=</c> (ranked by words in name, title, description).</summary>
internal static class ToolEndpoints
{
    public static void MapTools(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tools", List).RequireScope(Scopes.ToolsRead);
        app.MapGet("/v1/discover", Discover).RequireScope(Scopes.ToolsRead);
    }

    private static IResult List(HttpContext http, ToolCatalog catalog)
    {
        var key = AdminAuth.Key(http);
        var cards = catalog.Current.Cards.Where(c => KeyAccess.MayList(key, c));
        return Results.Json(new JsonObject { ["tools"] = new JsonArray(cards.Select(c => (JsonNode)CardView(c)).ToArray()) });
    }

    private static IResult Discover(HttpContext http, ToolCatalog catalog)
    {
        var key = AdminAuth.Key(http);
        var words = http.Request.Query["q"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ranked = catalog.Current.Cards
            .Where(c => KeyAccess.MayList(key, c))
            .Select(c => (Card: c, Score: Score(c, words)))
            .Where(x => words.Length == 0 || x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Card.Name, StringComparer.Ordinal)
            .Take(20);
        return Results.Json(new JsonObject { ["tools"] = new JsonArray(ranked.Select(x => (JsonNode)CardView(x.Card)).ToArray()) });
    }

    private static int Score(CapabilityCard card, string[] words)
    {
        var score = 0;
        foreach (var w in words)
        {
            score += card.Name.Contains(w, StringComparison.OrdinalIgnoreCase) ? 3 : 0;
            score += card.Title?.Contains(w, StringComparison.OrdinalIgnoreCase) == true ? 2 : 0;
            score += card.Description?.Contains(w, StringComparison.OrdinalIgnoreCase) == true ? 1 : 0;
        }

        return score;
    }

    private static JsonObject CardView(CapabilityCard c) => new()
    {
        ["name"] = c.Name,
        ["connector"] = c.Connector,
        ["upstream_name"] = c.UpstreamName,
        ["title"] = c.Title,
        ["description"] = c.Description,
        ["input_schema"] = JsonNode.Parse(c.InputSchema.GetRawText()),
        ["output_schema"] = c.Upstream.OutputSchema is { } o ? JsonNode.Parse(o.GetRawText()) : null,
        ["risk"] = c.Risk,
        ["read_only"] = c.ReadOnly,
        ["destructive"] = c.Destructive,
        ["idempotent"] = c.Idempotent,
        ["idempotency_key"] = c.IdempotencyKeyTemplate,
        ["retry"] = c.Retry,
        ["timeout_ms"] = c.Timeout.TotalMilliseconds,
        ["fallback"] = c.Fallback,
        ["on_failure"] = c.EscalateOnFailure ? "escalate" : "error",
        ["probe"] = c.Probe is { } p ? new JsonObject { ["tool"] = p.Call.Tool, ["args"] = p.Call.Args.DeepClone() } : null,
        ["entity_params"] = c.EntityParams is { } e ? JsonSerializer.SerializeToNode(e) : null,
        ["rules"] = c.Rules.Count,
        ["definition_hash"] = c.DefinitionHash,
        ["pin_state"] = c.PinState,
    };
}
