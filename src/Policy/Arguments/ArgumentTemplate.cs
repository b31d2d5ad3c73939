using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Arguments;

/// <summary>
/// Fills <c>{{args.x}}</c>-style placeholders from a variables object. In a string, placeholders become text; a value
/// that is exactly one placeholder keeps its JSON type (so <c>amount: "{{args.amount}}"</c> stays a number).
/// </summary>
internal static class ArgumentTemplate
{
    /// <summary>Renders a template string; a missing value renders as empty text.</summary>
    public static string Render(string template, JsonObject variables) => Render(template, variables, out _);

    /// <summary>Renders a template string; <paramref name="missing"/> names the first placeholder that had no value.</summary>
    public static string Render(string template, JsonObject variables, out string? missing)
    {
        missing = null;
        var start = template.IndexOf("{{", StringComparison.Ordinal);
        if (start < 0)
        {
            return template;
        }

        var sb = new StringBuilder(template.Length + 16);
        var pos = 0;
        while (start >= 0)
        {
            var end = template.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            sb.Append(template, pos, start - pos);
            var path = template[(start + 2)..end].Trim();
            var value = EntityArguments.At(variables, path);
            missing ??= value is null ? path : null;
            sb.Append(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "");
            pos = end + 2;
            start = template.IndexOf("{{", pos, StringComparison.Ordinal);
        }

        return sb.Append(template, pos, template.Length - pos).ToString();
    }

    /// <summary>Renders every string in an object tree (arguments for a probe or a state refetch).</summary>
    public static JsonObject RenderObject(JsonObject template, JsonObject variables) => (JsonObject)RenderNode(template, variables)!;

    private static JsonNode? RenderNode(JsonNode? node, JsonObject variables)
    {
        switch (node)
        {
            case JsonObject obj:
                var o = new JsonObject();
                foreach (var (k, v) in obj)
                {
                    o[k] = RenderNode(v, variables);
                }

                return o;
            case JsonArray arr:
                return new JsonArray(arr.Select(a => RenderNode(a, variables)).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                var trimmed = text.Trim();
                if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) &&
                    trimmed.IndexOf("{{", 2, StringComparison.Ordinal) < 0)
                {
                    return EntityArguments.At(variables, trimmed[2..^2].Trim())?.DeepClone();
                }

                return JsonValue.Create(Render(text, variables));
            default:
                return node?.DeepClone();
        }
    }
}
