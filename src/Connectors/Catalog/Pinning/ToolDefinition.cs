using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>
/// The part of an upstream tool that pinning guards (name, description, input and output schemas, annotations) as a
/// canonical JSON object, with object keys sorted at every depth so that the same definition always gives the same text
/// and SHA-256, whatever order the upstream wrote its keys in.
/// </summary>
public static class ToolDefinition
{
    /// <summary>The canonical JSON of <paramref name="tool"/>'s guarded fields.</summary>
    public static string CanonicalJson(Tool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var definition = new JsonObject
        {
            ["name"] = tool.Name,
            ["description"] = tool.Description,
            ["inputSchema"] = JsonNode.Parse(tool.InputSchema.GetRawText()),
            ["outputSchema"] = tool.OutputSchema is { } output ? JsonNode.Parse(output.GetRawText()) : null,
            ["annotations"] = tool.Annotations is { } a ? JsonSerializer.SerializeToNode(a, McpJsonUtilities.DefaultOptions) : null,
        };
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, definition);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="canonicalJson"/>.</summary>
    public static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>Lower-case hex SHA-256 of <paramref name="tool"/>'s canonical definition.</summary>
    public static string Hash(Tool tool) => Hash(CanonicalJson(tool));

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
