using System.Text.Json;
using ModelContextProtocol.Protocol;
using TestUpstream.Tools;

namespace TestUpstream.State;

/// <summary>Results of the stateful tools: the value as structuredContent and the same JSON as the text block.</summary>
internal static class StateResults
{
    public static CallToolResult Structured<T>(T value)
    {
        var json = JsonSerializer.SerializeToElement(value, StateJson.Options);
        return ToolResults.Structured(json.GetRawText(), json);
    }

    public static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
