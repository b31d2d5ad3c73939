using System.Text.Json;

namespace TestUpstream.State;

/// <summary>How state records are written to the JSON-lines files and to tool results: snake_case, like the tool arguments.</summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
