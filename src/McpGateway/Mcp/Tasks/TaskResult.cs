using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// A <c>CreateTaskResult</c> (<c>resultType: "task"</c>): the task's fields flat on the result, as SEP-2663 shapes it
/// (<c>Result &amp; Task</c>). Built from the JSON of <see cref="FlowTaskViews"/>, so the handle and <c>tasks/get</c> agree.
/// </summary>
internal sealed class TaskResult : Result
{
    /// <summary>The result type of a task handle.</summary>
    public const string Type = "task";

    /// <summary>The task: <c>taskId</c>, <c>status</c>, times, <c>ttlMs</c>, <c>pollIntervalMs</c>.</summary>
    /// <remarks>Elements, not a <see cref="JsonObject"/>: the source generator writes a <see cref="JsonObject"/> extension property malformed.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; set; } = [];

    /// <summary>A handle with the task's fields.</summary>
    public static TaskResult From(JsonObject task) => new()
    {
        ResultType = Type,
        Fields = task.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, TasksJsonContext.Default.JsonNode)),
    };
}
