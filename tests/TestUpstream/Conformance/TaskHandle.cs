using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace TestUpstream.Conformance;

/// <summary>A <c>CreateTaskResult</c>: the task's fields flat on a result of type <c>task</c>.</summary>
internal sealed class TaskHandle : Result
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; set; } = [];
}

/// <summary>Serialization of the task handle, which the SDK writes through its alternate-result path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskHandle))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class TaskJsonContext : JsonSerializerContext;
