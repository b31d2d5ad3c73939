using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// <c>gateway__discover</c>: lets an agent find tools by what they do and read their capability cards (risk, approval,
/// idempotency key, examples, ...) before calling one; the same ranking as <c>GET /v1/discover</c>. Listed on the
/// aggregated endpoints (<c>/mcp</c>, stdio); it finds only the tools the caller may list.
/// </summary>
internal sealed class DiscoverTool(ToolCatalog catalog, PolicyConfigSource policy)
{
    public const string Name = "gateway__discover";

    /// <summary>The most cards one answer holds.</summary>
    public const int MaxLimit = 50;

    private const int DefaultLimit = 10;

    public static readonly Tool Definition = new()
    {
        Name = Name,
        Title = "Discover tools",
        Description = "Finds the gateway's tools by words in their name, tags, title or description and returns their capability cards: " +
            "risk, read-only, whether a call needs approval, idempotency key, examples and input schema. An empty query lists every tool.",
        InputSchema = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["query"] = new JsonObject { ["type"] = "string", ["description"] = "Words to look for, e.g. 'refund payment'." },
                ["limit"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxLimit, ["description"] = $"At most this many cards ({DefaultLimit} if omitted)." },
            },
            ["additionalProperties"] = false,
        }, McpJsonUtilities.DefaultOptions),
        Annotations = new ToolAnnotations { ReadOnlyHint = true, IdempotentHint = true, DestructiveHint = false, OpenWorldHint = false },
    };

    /// <summary>Whether <paramref name="key"/> sees the tool: a caller that may list or call tools and whose <c>allowed_tools</c>, if any, name it.</summary>
    public static bool MayUse(ApiKey? key) => key is null ||
        ((Scopes.Allows(key.Scopes, Scopes.ToolsRead) || Scopes.Allows(key.Scopes, Scopes.ToolsCall)) && KeyAccess.MatchesAllowedTools(key, Name));

    public CallToolResult Call(CallToolRequestParams request, ApiKey? key)
    {
        string? query = null;
        var limit = DefaultLimit;
        if (request.Arguments?.TryGetValue("query", out var q) == true)
        {
            if (q.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return Error("query must be a string of words, e.g. \"refund payment\".");
            }

            query = q.ValueKind == JsonValueKind.String ? q.GetString() : null;
        }

        if (request.Arguments?.TryGetValue("limit", out var l) == true && l.ValueKind != JsonValueKind.Null)
        {
            if (l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out limit) || limit is < 1 or > MaxLimit)
            {
                return Error($"limit must be a whole number from 1 to {MaxLimit}.");
            }
        }

        var cards = CardSearch.Rank(catalog.Current.Cards.Where(c => KeyAccess.MayList(key, c)), query, limit);
        var views = new JsonArray(cards.Select(c => (JsonNode?)CardView.For(c, policy, baseUrl: null, withDefinition: true)).ToArray());
        var text = cards.Count == 0
            ? $"No tool matches '{query}'. Call {Name} with an empty query to list every tool."
            : $"{cards.Count} tool(s): " + string.Join("; ", cards.Select(c => $"{c.Name} (risk {c.Risk}{(c.ReadOnly ? ", read-only" : "")}, approval {ApprovalRequirement.For(c, policy.Current.Rules)})"));
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["tools"] = views }, McpJsonUtilities.DefaultOptions),
        };
    }

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
