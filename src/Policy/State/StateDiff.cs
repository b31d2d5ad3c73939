using System.Text.Json.Nodes;

namespace McpGateway.Policy.State;

/// <summary>Field-level differences between two states (a frozen snapshot or assumed state, and the live one).</summary>
public static class StateDiff
{
    /// <summary>Each field of <paramref name="expected"/> whose value in <paramref name="live"/> differs, with both values.</summary>
    public static JsonArray Drift(JsonObject expected, JsonObject live)
    {
        var drift = new JsonArray();
        foreach (var (field, value) in expected)
        {
            var actual = Arguments.EntityArguments.At(live, field);
            if (!JsonNode.DeepEquals(Normalize(value), Normalize(actual)))
            {
                drift.Add(new JsonObject { ["field"] = field, ["expected"] = value?.DeepClone(), ["actual"] = actual?.DeepClone() });
            }
        }

        return drift;
    }

    // 1 and 1.0 are the same value; DeepEquals compares JSON text for numbers.
    private static JsonNode? Normalize(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? JsonValue.Create(decimal.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)) : node;
}
