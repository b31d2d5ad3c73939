using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Catalog.Pinning;
using McpGateway.Connectors.Changes;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// Definition pinning for operators (admin scope): <c>GET /v1/tools/quarantined</c> (tools hidden because their upstream
/// changed their definition), <c>GET /v1/tools/{name}/pin</c> (the pinned definition beside the current one, the fields
/// that differ, and the pin's history) and <c>POST /v1/tools/{name}/accept</c> (the current definition becomes the pin).
/// </summary>
internal static class ToolPinEndpoints
{
    private const int HistoryLimit = 50;

    public static void MapToolPins(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tools/quarantined", Quarantined).RequireScope(Scopes.Admin);
        app.MapGet("/v1/tools/{name}/pin", GetAsync).RequireScope(Scopes.Admin);
        app.MapPost("/v1/tools/{name}/accept", AcceptAsync).RequireScope(Scopes.Admin);
    }

    private static IResult Quarantined(HttpContext http, ToolCatalog catalog) =>
        Paging.Read(http.Request, "tools/quarantined", out var page) ?? Paging.Answer(page, catalog.Current.Quarantined, c => c.Name, c => new JsonObject
        {
            ["name"] = c.Name,
            ["connector"] = c.Connector,
            ["upstream_name"] = c.UpstreamName,
            ["pin_state"] = c.PinState,
            ["pinned_hash"] = c.PinnedHash,
            ["definition_hash"] = c.DefinitionHash,
        });

    private static async Task<IResult> GetAsync(string name, ToolCatalog catalog, ToolPins pins, CancellationToken cancellationToken)
    {
        if (Find(catalog, name) is not { } card)
        {
            return NotFound(name);
        }

        var pin = await pins.Store.GetAsync(card.Connector, card.UpstreamName, cancellationToken);
        var events = await pins.Store.EventsAsync(card.Connector, card.UpstreamName, HistoryLimit, cancellationToken);
        var current = JsonNode.Parse(ToolDefinition.CanonicalJson(card.Upstream))!.AsObject();
        var pinned = pin is null ? null : JsonNode.Parse(pin.DefinitionJson)!.AsObject();
        return Results.Json(new JsonObject
        {
            ["name"] = card.Name,
            ["connector"] = card.Connector,
            ["upstream_name"] = card.UpstreamName,
            ["pin_state"] = card.PinState,
            ["pinned"] = pin is null ? null : new JsonObject
            {
                ["hash"] = pin.Hash,
                ["pinned_at"] = pin.PinnedAt,
                ["pinned_by"] = pin.PinnedBy,
                ["definition"] = pinned,
            },
            ["current"] = new JsonObject { ["hash"] = card.DefinitionHash, ["definition"] = current },
            ["changed_fields"] = new JsonArray(ChangedFields(pinned, current).Select(f => (JsonNode)f).ToArray()),
            ["history"] = new JsonArray(events.Select(e => (JsonNode)new JsonObject
            {
                ["kind"] = e.Kind,
                ["hash"] = e.Hash,
                ["previous_hash"] = e.PreviousHash,
                ["actor"] = e.Actor,
                ["at"] = e.At,
            }).ToArray()),
        });
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, string name, ToolCatalog catalog, ToolPins pins, Hosting.ChangeFollower changes, CancellationToken cancellationToken)
    {
        if (Find(catalog, name) is not { } card)
        {
            return NotFound(name);
        }

        var key = AdminAuth.Key(http);
        var actor = key is not null ? $"{key.Agent} ({key.Name})" : "operator";
        switch (await pins.AcceptAsync(card, actor, cancellationToken))
        {
            case PinAcceptance.Accepted:
                // Every other replica judges its tools against the new pin at once rather than at its upstream's next listing.
                await changes.PublishAsync(ChangeNotice.Pins, card.Connector);
                return Results.Json(new JsonObject
                {
                    ["name"] = card.Name,
                    ["pin_state"] = "pinned",
                    ["definition_hash"] = card.DefinitionHash,
                    ["accepted_by"] = actor,
                });
            case PinAcceptance.Unchanged:
                return Problems.Create(409, "Conflict", $"Tool '{name}' lists the definition it is pinned to; there is no change to accept.");
            case PinAcceptance.NotPinned:
                return Problems.Create(409, "Conflict", $"Tool '{name}' has no pin yet; there is no change to accept.");
            default:
                return Problems.Create(409, "Conflict", $"The pin of tool '{name}' changed while accepting (another operator or replica); look at GET /v1/tools/{name}/pin again.");
        }
    }

    private static CapabilityCard? Find(ToolCatalog catalog, string name)
    {
        var snapshot = catalog.Current;
        return snapshot.ByName.TryGetValue(name, out var card) || snapshot.TryResolveQuarantined(name, null, out card) ? card : null;
    }

    private static IResult NotFound(string name) =>
        Problems.Create(404, "Not Found", $"No tool '{name}' on this gateway (a connector that is down has no tools); GET /v1/tools lists the names.");

    private static IEnumerable<string> ChangedFields(JsonObject? pinned, JsonObject current) => pinned is null
        ? []
        : current.Select(p => p.Key).Union(pinned.Select(p => p.Key)).Order(StringComparer.Ordinal)
            .Where(k => !JsonNode.DeepEquals(pinned[k], current[k]));
}
