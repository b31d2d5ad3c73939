using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>
/// Writes OpenAPI schemas as standalone JSON Schemas (2020-12): a reference to <c>#/components/schemas/X</c> becomes
/// <c>#/$defs/X</c>, and the schemas a tool reaches are copied into its <c>$defs</c> (recursive ones included), so a
/// tool's schema validates without the document. One writer per tool: its <c>$defs</c> hold only what that tool uses.
/// </summary>
internal sealed class OpenApiSchemaWriter(OpenApiDocument document)
{
    private const string ComponentPrefix = "#/components/schemas/";
    private readonly SortedDictionary<string, JsonNode?> _defs = new(StringComparer.Ordinal);

    /// <summary>The schema as JSON with its references rewritten; a reference at the root is replaced by what it names.</summary>
    public JsonObject Write(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return [];
        }

        var node = Serialize(schema);
        if (node["$ref"] is JsonValue root && root.TryGetValue<string>(out var target) && target.StartsWith("#/$defs/", StringComparison.Ordinal) &&
            _defs.GetValueOrDefault(Unescape(target["#/$defs/".Length..])) is JsonObject named)
        {
            // MCP wants an object schema at the root of a tool's schemas, not a bare reference.
            var inlined = (JsonObject)named.DeepClone();
            foreach (var (key, value) in node.Where(kv => kv.Key != "$ref").ToList())
            {
                inlined[key] = value?.DeepClone();
            }

            return inlined;
        }

        return node;
    }

    /// <summary>Adds the collected <c>$defs</c> to a tool's root schema.</summary>
    public JsonObject WithDefs(JsonObject root)
    {
        if (_defs.Count > 0)
        {
            var defs = new JsonObject();
            foreach (var (name, schema) in _defs)
            {
                defs[name] = schema?.DeepClone();
            }

            root["$defs"] = defs;
        }

        return root;
    }

    private JsonObject Serialize(IOpenApiSchema schema)
    {
        using var text = new StringWriter();
        schema.SerializeAsV31(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        var node = JsonNode.Parse(text.ToString()) as JsonObject ?? [];
        Rewrite(node);
        return node;
    }

    private void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference) && reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                {
                    var segment = reference[ComponentPrefix.Length..];
                    obj["$ref"] = "#/$defs/" + segment;
                    Define(Unescape(segment));
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child);
                }

                break;
        }
    }

    private void Define(string name)
    {
        if (_defs.ContainsKey(name))
        {
            return;
        }

        // Reserved before it is written, so a schema that refers to itself stops here.
        _defs[name] = null;
        if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(name, out var schema))
        {
            throw new OpenApiSpecException($"the schema reference '#/components/schemas/{name}' names no schema under components.schemas");
        }

        _defs[name] = Serialize(schema);
    }

    private static string Unescape(string segment) => Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
