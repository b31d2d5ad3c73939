using System.Text.Json;
using Json.Schema;

namespace McpGateway.Policy.Stages.Schema;

/// <summary>
/// A JSON Schema built once (a tool's input schema, a flow's inputs schema) by the one validator, JsonSchema.Net: 2020-12
/// unless the schema's <c>$schema</c> names draft-06, draft-07 or 2019-09. Or why the schema cannot be used.
/// </summary>
public sealed class CompiledSchema
{
    // Formats are asserted, as NJsonSchema (the validator before) asserted them; unknown formats pass. A valid value is
    // judged with the flag output (the cheapest); only an invalid one is evaluated again for the list that names each
    // violation (bench/README.md, "One schema validator").
    private static readonly EvaluationOptions Judge = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions Explain = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonSchema? _schema;

    private CompiledSchema(JsonElement document, JsonSchema? schema, string? error)
    {
        Document = document;
        _schema = schema;
        Error = error;
    }

    /// <summary>The schema's JSON, for the keyword values error messages leave out (the names a <c>required</c> lists).</summary>
    internal JsonElement Document { get; }

    /// <summary>Why the schema cannot be built, in words for the caller; null when it was built.</summary>
    public string? Error { get; }

    /// <summary>The schema built from <paramref name="document"/>; null when it constrains nothing (every object passes).</summary>
    public static CompiledSchema? For(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !Constrains(document))
        {
            return null;
        }

        document = document.Clone();
        try
        {
            // A registry of its own: each schema's `$id`s and anchors resolve within it, and nothing is fetched.
            return new CompiledSchema(document, JsonSchema.Build(document, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), null);
        }
        catch (Exception ex) when (IsSchemaFault(ex))
        {
            return new CompiledSchema(document, null, ex.Message);
        }
    }

    /// <summary>
    /// Checks <paramref name="instance"/>. Violations read <c>path: problem</c>, the path below <paramref name="root"/>
    /// (<c>address.zip</c>, or <c>inputs.address.zip</c> with root <c>inputs</c>); without a root the value itself is
    /// <c>(arguments)</c>.
    /// </summary>
    public SchemaCheck Check(JsonElement instance, string? root = null)
    {
        if (_schema is null)
        {
            return SchemaCheck.Unusable(Error!);
        }

        try
        {
            return _schema.Evaluate(instance, Judge).IsValid
                ? SchemaCheck.Valid
                : SchemaCheck.Invalid(SchemaViolations.From(_schema.Evaluate(instance, Explain), instance, this, root));
        }
        catch (Exception ex) when (IsSchemaFault(ex))
        {
            // A reference is resolved when it is first followed, so a dangling one shows here, not when built.
            return SchemaCheck.Unusable(ex.Message);
        }
    }

    // The exceptions a schema's own content can cause, when it is built or when a reference is first followed.
    private static bool IsSchemaFault(Exception ex) =>
        ex is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException
            or NotSupportedException or FormatException;

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
}
