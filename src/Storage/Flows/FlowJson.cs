using System.Text.Json.Nodes;

namespace McpGateway.Storage.Flows;

/// <summary>
/// JSON columns as text: a document is stored as written (key order and number literals kept, which <c>jsonb</c>
/// would not keep), so a definition exported later is the one imported.
/// </summary>
internal static class FlowJson
{
    /// <summary>The text of a node, or null for a missing one.</summary>
    public static string? Write(JsonNode? node) => node?.ToJsonString();

    /// <summary>A list of strings as a JSON array.</summary>
    public static string WriteList(IReadOnlyList<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(JsonValue.Create(value));
        }

        return array.ToJsonString();
    }

    /// <summary>A node from its text, or null.</summary>
    public static JsonNode? Read(string? text) => text is null ? null : JsonNode.Parse(text);

    /// <summary>An object from its text, or null.</summary>
    public static JsonObject? ReadObject(string? text) => text is null ? null : JsonNode.Parse(text)?.AsObject();

    /// <summary>A list of strings from a JSON array's text.</summary>
    public static IReadOnlyList<string> ReadList(string text) =>
        JsonNode.Parse(text)?.AsArray().Select(item => item?.GetValue<string>() ?? string.Empty).ToArray() ?? [];
}
