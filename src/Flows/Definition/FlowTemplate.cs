using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Expressions;

namespace McpGateway.Flows.Definition;

/// <summary>
/// A pre-parsed template tree: literal JSON, a lone <c>{{ expr }}</c> (keeps the value's JSON type), text with
/// interpolated expressions, or an object/array of templates. Immutable; rendering never throws for missing data.
/// </summary>
internal sealed class FlowTemplate
{
    /// <summary>The roots expressions may read.</summary>
    public static readonly IReadOnlyCollection<string> Roots = ["inputs", "steps", "loop", "run", ConnectionReference.Root];

    private readonly JsonNode? _literal;
    private readonly ConditionExpression? _whole;
    private readonly object[]? _parts;
    private readonly (string Name, FlowTemplate Value)[]? _properties;
    private readonly FlowTemplate[]? _items;

    private FlowTemplate(JsonNode? literal = null, ConditionExpression? whole = null, object[]? parts = null,
        (string, FlowTemplate)[]? properties = null, FlowTemplate[]? items = null)
    {
        _literal = literal;
        _whole = whole;
        _parts = parts;
        _properties = properties;
        _items = items;
    }

    /// <summary>Renders the template over the variables; a missing value is null (empty text when interpolated).</summary>
    public JsonNode? Render(JsonObject variables)
    {
        if (_whole is not null)
        {
            return _whole.EvaluateValue(variables);
        }

        if (_parts is not null)
        {
            var sb = new StringBuilder();
            foreach (var part in _parts)
            {
                sb.Append(part is ConditionExpression e ? Text(e.EvaluateValue(variables)) : (string)part);
            }

            return JsonValue.Create(sb.ToString());
        }

        if (_properties is not null)
        {
            var obj = new JsonObject();
            foreach (var (name, value) in _properties)
            {
                obj[name] = value.Render(variables);
            }

            return obj;
        }

        if (_items is not null)
        {
            return new JsonArray(_items.Select(i => i.Render(variables)).ToArray());
        }

        return _literal?.DeepClone();
    }

    /// <summary>
    /// Compiles a JSON node; parse errors are added to <paramref name="errors"/> prefixed with <paramref name="path"/>,
    /// and each parsed expression is reported to <paramref name="expressions"/> with its field path.
    /// </summary>
    public static FlowTemplate Compile(JsonNode? node, string path, List<string> errors, List<(string Path, ConditionExpression Expression)> expressions)
    {
        switch (node)
        {
            case JsonObject obj:
                return new FlowTemplate(properties: obj.Select(p => (p.Key, Compile(p.Value, $"{path}.{p.Key}", errors, expressions))).ToArray());
            case JsonArray arr:
                return new FlowTemplate(items: arr.Select((n, i) => Compile(n, $"{path}[{i}]", errors, expressions)).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return CompileText(v.GetValue<string>(), path, errors, expressions);
            default:
                return new FlowTemplate(literal: node?.DeepClone());
        }
    }

    private static FlowTemplate CompileText(string text, string path, List<string> errors, List<(string, ConditionExpression)> expressions)
    {
        var parts = new List<object>();
        var pos = 0;
        while (pos < text.Length)
        {
            var start = text.IndexOf("{{", pos, StringComparison.Ordinal);
            if (start < 0)
            {
                parts.Add(text[pos..]);
                break;
            }

            var end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                errors.Add($"{path}: '{{{{' at {start} is never closed with '}}}}'");
                return new FlowTemplate(literal: JsonValue.Create(text));
            }

            if (start > pos)
            {
                parts.Add(text[pos..start]);
            }

            var inner = text[(start + 2)..end];
            if (!ConditionExpression.TryParse(inner.Trim(), Roots, out var expression, out var error))
            {
                var hint = inner.TrimStart().StartsWith(ConnectionReference.Root + ".", StringComparison.Ordinal) && inner.Contains('-', StringComparison.Ordinal)
                    ? " (a template cannot name a connection whose name has '-': use one named with '_')"
                    : "";
                errors.Add($"{path}: template '{{{{{ExpressionLimits.Quote(inner)}}}}}' {error.Message}{hint}");
                return new FlowTemplate(literal: JsonValue.Create(text));
            }

            expressions.Add((path, expression));
            parts.Add(expression);
            pos = end + 2;
        }

        return parts switch
        {
            [ConditionExpression only] => new FlowTemplate(whole: only),
            [] or [string] => new FlowTemplate(literal: JsonValue.Create(text)),
            _ => new FlowTemplate(parts: [.. parts]),
        };
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
