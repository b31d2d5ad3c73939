using System.Globalization;
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

    /// <summary>
    /// Writes a JSON number by value, not spelling: significant digits and a power of ten (1, 1.0 and 1e0 are all
    /// <c>1e0</c>). Exact at any size, where decimal would overflow and double would round.
    /// </summary>
    private static void CanonicalNumber(StringBuilder sb, string raw)
    {
        var negative = raw.StartsWith('-');
        var text = negative ? raw[1..] : raw;
        long exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!long.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                sb.Append(raw);
                return;
            }

            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }

        var digits = text.TrimStart('0');
        if (digits.Length == 0)
        {
            sb.Append('0');
            return;
        }

        var significant = digits.TrimEnd('0');
        exponent += digits.Length - significant.Length;
        sb.Append(negative ? "-" : "").Append(significant).Append('e').Append(exponent.ToString(CultureInfo.InvariantCulture));
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
                CanonicalNumber(sb, e.GetRawText());
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
