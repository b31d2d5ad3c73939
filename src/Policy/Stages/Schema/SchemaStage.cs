using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Pipeline;
using NJsonSchema;
using NJsonSchema.Validation;

namespace McpGateway.Policy.Stages.Schema;

/// <summary>Validates the arguments against the card's input schema (NJsonSchema) and lists every violation with its path.</summary>
public sealed class SchemaStage : IToolCallStage
{
    // Parsed once per tool definition; the hash changes when the upstream's schema changes.
    private readonly ConcurrentDictionary<string, Compiled?> _schemas = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "schema";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card!;
        var compiled = _schemas.GetOrAdd(card.DefinitionHash, static (_, c) => Parse(c), card);
        if (compiled is null || compiled.Fast?.Accepts(context.Arguments) == true)
        {
            return next(context);
        }

        var json = context.Arguments is null ? "{}" : JsonSerializer.Serialize(context.Arguments);
        var errors = compiled.Schema.Validate(json);
        if (errors.Count == 0)
        {
            return next(context);
        }

        var violations = Flatten(errors).Distinct().ToList();
        context.Record(Name, "invalid", string.Join("; ", violations));
        context.Details["violations"] = new JsonArray(violations.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.InvalidArguments,
            $"The arguments do not match the input schema of '{context.ToolName}': {string.Join("; ", violations)}. Nothing was executed; fix the arguments and call again."));
    }

    /// <summary>The schema to validate with; null when it constrains nothing or cannot be read (then the upstream judges).</summary>
    private static Compiled? Parse(CapabilityCard card)
    {
        var schema = card.InputSchema;
        if (schema.ValueKind != JsonValueKind.Object || !Constrains(schema))
        {
            return null;
        }

        try
        {
            return new Compiled(JsonSchema.FromJsonAsync(schema.GetRawText()).GetAwaiter().GetResult(), FastSchema.TryCompile(schema));
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>NJsonSchema's reading, and the fast check where the schema stays within its subset.</summary>
    private sealed record Compiled(JsonSchema Schema, FastSchema? Fast);

    private static bool Constrains(JsonElement schema)
    {
        foreach (var p in schema.EnumerateObject())
        {
            if (p.Name is not ("type" or "$schema" or "title" or "description") &&
                !(p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object && !p.Value.EnumerateObject().Any()))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            if (e is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(kv => kv.Value)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return Describe(e);
            }
        }
    }

    private static string Describe(ValidationError e)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "#" ? "(arguments)" : e.Path.TrimStart('#', '/').Replace('/', '.');
        var what = e.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"{Join(path, e.Property)}: is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"{path}: is not an allowed property",
            _ => $"{path}: {Words(e.Kind.ToString())}",
        };
        return what.StartsWith("(arguments).", StringComparison.Ordinal) ? what["(arguments).".Length..] : what;
    }

    private static string Join(string path, string? property) =>
        property is null ? path : path == "(arguments)" || path.EndsWith(property, StringComparison.Ordinal) ? (path == "(arguments)" ? property : path) : path + "." + property;

    // "IntegerExpected" → "integer expected"
    private static string Words(string kind) =>
        string.Concat(kind.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
