using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>
/// Turns each operation of an OpenAPI document into a tool: named from its <c>operationId</c> (or method and path),
/// input schema from its parameters and request body, output schema from its first 2xx answer; GET and HEAD are
/// read-only and GET, HEAD, PUT and DELETE idempotent (a connector's <c>tools:</c> overrides these as for any tool).
/// </summary>
internal static class OpenApiToolBuilder
{
    private static readonly HashSet<HttpMethod> ReadOnly = [HttpMethod.Get, HttpMethod.Head];
    private static readonly HashSet<HttpMethod> Idempotent = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options];

    public static IReadOnlyList<OpenApiEndpoint> Build(OpenApiDocument document)
    {
        var endpoints = new List<OpenApiEndpoint>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var name = Unique(ToolName(operation.OperationId) ?? ToolName(method.Method.ToLowerInvariant() + "_" + path)!, names);
                endpoints.Add(Build(document, name, method, path, item, operation));
            }
        }

        return endpoints;
    }

    private static OpenApiEndpoint Build(OpenApiDocument document, string name, HttpMethod method, string path, IOpenApiPathItem item, OpenApiOperation operation)
    {
        var schemas = new OpenApiSchemaWriter(document);
        var properties = new JsonObject();
        var required = new JsonArray();
        var arguments = new List<OpenApiArgument>();

        // An operation's parameter replaces the path item's of the same name and location.
        var parameters = (operation.Parameters ?? []).Concat((item.Parameters ?? []).Where(p => !(operation.Parameters ?? []).Any(o => o.Name == p.Name && o.In == p.In)));
        foreach (var parameter in parameters.Where(p => p.Name is not null && p.In is not null && p.In != ParameterLocation.QueryString))
        {
            var argument = properties.ContainsKey(parameter.Name!) ? $"{parameter.In.ToString()!.ToLowerInvariant()}_{parameter.Name}" : parameter.Name!;
            var schema = schemas.Write(parameter.Schema ?? parameter.Content?.Values.FirstOrDefault()?.Schema);
            if (parameter.Description is { Length: > 0 } description && !schema.ContainsKey("description"))
            {
                schema["description"] = description;
            }

            properties[argument] = schema;
            if (parameter.Required || parameter.In == ParameterLocation.Path)
            {
                required.Add(argument);
            }

            arguments.Add(new OpenApiArgument(argument, parameter.Name!, parameter.In!.Value));
        }

        string? bodyArgument = null;
        string? bodyMediaType = null;
        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            bodyMediaType = content.Keys.FirstOrDefault(IsJson) ?? content.Keys.First();
            bodyArgument = properties.ContainsKey("body") ? "request_body" : "body";
            var schema = schemas.Write(content[bodyMediaType].Schema);
            if (operation.RequestBody.Description is { Length: > 0 } description && !schema.ContainsKey("description"))
            {
                schema["description"] = description;
            }

            properties[bodyArgument] = schema;
            if (operation.RequestBody.Required)
            {
                required.Add(bodyArgument);
            }
        }

        var input = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            input["required"] = required;
        }

        var (output, wraps) = Output(operation, schemas);
        var tool = new Tool
        {
            Name = name,
            Title = operation.Summary,
            Description = Describe(method, path, operation),
            InputSchema = JsonSerializer.SerializeToElement(schemas.WithDefs(input)),
            OutputSchema = output is null ? null : JsonSerializer.SerializeToElement(schemas.WithDefs(output)),
            Annotations = new ToolAnnotations
            {
                ReadOnlyHint = ReadOnly.Contains(method),
                IdempotentHint = Idempotent.Contains(method),
                DestructiveHint = ReadOnly.Contains(method) ? false : null,
            },
        };
        return new OpenApiEndpoint(tool, method, path, arguments, bodyArgument, bodyMediaType, wraps);
    }

    // The first 2xx answer with a JSON schema; a schema that is not an object is wrapped, since MCP's structured
    // content is an object.
    private static (JsonObject? Schema, bool Wraps) Output(OpenApiOperation operation, OpenApiSchemaWriter schemas)
    {
        var success = (operation.Responses ?? []).Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Value.Content?.FirstOrDefault(c => IsJson(c.Key)).Value?.Schema).FirstOrDefault(s => s is not null);
        if (success is null)
        {
            return (null, false);
        }

        var schema = schemas.Write(success);
        return schema["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "object"
            ? (schema, false)
            : (new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["result"] = schema } }, true);
    }

    private static string Describe(HttpMethod method, string path, OpenApiOperation operation)
    {
        var text = string.Join("\n\n", new[] { operation.Summary, operation.Description }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        return text.Length > 0 ? $"{text}\n\n({method.Method} {path})" : $"{method.Method} {path}";
    }

    public static bool IsJson(string mediaType) =>
        mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>An MCP tool name (<c>[A-Za-z0-9_-]</c>, at most 64 characters) from an operation id or method and path.</summary>
    private static string? ToolName(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var name = new StringBuilder();
        foreach (var c in text)
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
            if (keep || (name.Length > 0 && name[^1] != '_'))
            {
                name.Append(keep ? c : '_');
            }
        }

        var result = name.ToString().Trim('_');
        return result.Length == 0 ? null : result.Length > 64 ? result[..64] : result;
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            var suffix = "_" + i;
            candidate = (name.Length + suffix.Length > 64 ? name[..(64 - suffix.Length)] : name) + suffix;
        }

        return candidate;
    }
}
