using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;

namespace McpGateway.Policy.Pipeline;

/// <summary>What rules read of a tool's card as <c>card.*</c>: <c>risk</c>, <c>tags</c>, <c>read_only</c>, <c>destructive</c>, <c>idempotent</c>.</summary>
public static class CardVariables
{
    /// <summary>The <c>card</c> variable of <paramref name="card"/>.</summary>
    public static JsonObject For(CapabilityCard card) => new()
    {
        ["risk"] = card.Risk,
        ["tags"] = new JsonArray(card.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        ["read_only"] = card.ReadOnly,
        ["destructive"] = card.Destructive,
        ["idempotent"] = card.Idempotent,
    };
}
