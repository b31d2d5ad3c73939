using System.Text.Json.Serialization;

namespace McpGateway.Mcp.Tasks;

/// <summary>Serialization of the task handle, which the SDK writes through its alternate-result path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskResult))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class TasksJsonContext : JsonSerializerContext;
