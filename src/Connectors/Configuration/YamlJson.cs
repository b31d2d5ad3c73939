using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Turns YAML nodes into JSON values (tool arguments, states): plain scalars become numbers, booleans or null.</summary>
public static class YamlJson
{
    /// <summary>A YAML node as JSON (null for an empty or unknown node).</summary>
    public static JsonNode? From(YamlNode node) => node switch
    {
        YamlMappingNode map => FromMapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(From).ToArray()),
        YamlScalarNode scalar => FromScalar(scalar),
        _ => null,
    };

    /// <summary>A YAML mapping as a JSON object (keys as written).</summary>
    public static JsonObject FromMapping(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map.Children)
        {
            obj[((YamlScalarNode)k).Value ?? ""] = From(v);
        }

        return obj;
    }

    private static JsonValue? FromScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text ?? "");
        }

        return text switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
