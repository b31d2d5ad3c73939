using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Pipeline;

/// <summary>Conversions of call arguments: to a JSON object, and to a canonical fingerprint.</summary>
public static partial class ArgumentsJson
{
    /// <summary>The arguments as a mutable JSON object (empty when null).</summary>
    public static JsonObject ToObject(IDictionary<string, JsonElement>? arguments)
    {
        var obj = new JsonObject();
        if (arguments is null)
        {
            return obj;
        }

        foreach (var (key, value) in arguments)
        {
            obj[key] = JsonNode.Parse(value.GetRawText());
        }

        return obj;
    }

    /// <summary>The arguments from a JSON object (for thawed and REST calls).</summary>
    public static Dictionary<string, JsonElement> FromObject(JsonObject? obj)
    {
        var dict = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (obj is null)
        {
            return dict;
        }

        foreach (var (key, value) in obj)
        {
            dict[key] = value is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(value);
        }

        return dict;
    }
}
