using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Pipeline;

/// <summary>Conversions of call arguments: to a JSON object, and to a canonical fingerprint.</summary>
public static class ArgumentsJson
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

    /// <summary>SHA-256 (hex) of the tool name and the arguments with object keys sorted, so key order does not matter.</summary>
    public static string Fingerprint(string tool, IDictionary<string, JsonElement>? arguments)
    {
        var sb = new StringBuilder(tool).Append('\n');
        if (arguments is not null)
        {
            foreach (var key in arguments.Keys.Order(StringComparer.Ordinal))
            {
                sb.Append(key).Append('=');
                Canonical(sb, arguments[key]);
                sb.Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void Canonical(StringBuilder sb, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    sb.Append(JsonSerializer.Serialize(p.Name)).Append(':');
                    Canonical(sb, p.Value);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                foreach (var item in e.EnumerateArray())
                {
                    Canonical(sb, item);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case JsonValueKind.Number:
                sb.Append(e.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
