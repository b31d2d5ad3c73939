using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.StateVerify;

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
            // DeepEquals compares numbers by value (1 == 1.0 == 1e0), at any depth and any size.
            if (!JsonNode.DeepEquals(value, actual))
            {
                drift.Add(new JsonObject { ["field"] = field, ["expected"] = value?.DeepClone(), ["actual"] = actual?.DeepClone() });
            }
        }

        return drift;
    }
}
