using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// Tasks a 2026-07-28 upstream answered a tool call with, relayed: the client gets the task under an id of the gateway's
/// (<see cref="UpstreamTaskId"/>), and its <c>tasks/get</c>, <c>tasks/update</c> and <c>tasks/cancel</c> go to that
/// upstream with the upstream's id. The upstream's status, input requests (under its own keys) and result come back as
/// they are; only the task id is the gateway's. Nothing is kept in the process.
/// </summary>
internal sealed class UpstreamTasks(UpstreamHub hub, UpstreamTaskId ids)
{
    /// <summary>
    /// The handle the client gets for an upstream's task: the upstream's fields with the gateway's id, or null when
    /// <paramref name="task"/> has no task id.
    /// </summary>
    public JsonObject? Handle(string connector, JsonElement task, ApiKey? key)
    {
        if (task.ValueKind != JsonValueKind.Object || !task.TryGetProperty(TasksExtension.TaskIdParameter, out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var handle = JsonObject.Create(task)!;
        handle[TasksExtension.TaskIdParameter] = ids.Seal(connector, id.GetString()!, key?.Id, key?.Agent);
        return handle;
    }

    /// <summary>
    /// Relays a tasks method about an upstream's task (its id has <see cref="UpstreamTaskId.Prefix"/>): the upstream's answer
    /// with the gateway's task id, or the errors the extension names.
    /// </summary>
    public async ValueTask<JsonNode?> RelayAsync(RequestContext<JsonNode?> request, string method, string taskId, string? scope, ApiKey? key, CancellationToken ct)
    {
        // A task is the caller's it was issued to, on an endpoint that reaches its connector; anything else is unknown.
        if (ids.Open(taskId, key?.Id, key?.Agent) is not var (connector, upstreamTaskId) ||
            (scope is not null && scope != connector) || !hub.TryGet(connector, out var connection))
        {
            throw new McpProtocolException($"No task '{(taskId.Length <= 100 ? taskId : taskId[..100] + "…")}' for this caller.", McpErrorCode.InvalidParams);
        }

        var parameters = request.Params is JsonObject p ? (JsonObject)p.DeepClone() : [];
        parameters.Remove("_meta");
        var meta = request.Params?["_meta"] as JsonObject;
        var capabilities = UpstreamCapabilities.For(meta, request.Server, perRequest: true);
        JsonNode? answer;
        try
        {
            answer = await connection.SendTaskRequestAsync(method, upstreamTaskId, parameters, capabilities, ct);
        }
        catch (UpstreamUnavailableException ex)
        {
            // The task lives on in the upstream; the caller can ask again once the connector is back.
            throw new McpProtocolException($"{ex.Message} Task {taskId[..Math.Min(taskId.Length, 24)]}… of '{connector}' can be asked again when it is back.", McpErrorCode.InternalError);
        }

        if (answer is not JsonObject result)
        {
            return new JsonObject { ["resultType"] = "complete" };
        }

        var relayed = (JsonObject)result.DeepClone();
        if (relayed.ContainsKey(TasksExtension.TaskIdParameter))
        {
            relayed[TasksExtension.TaskIdParameter] = taskId;
        }

        // The upstream's protocol fields (its serverInfo) describe its answer to the gateway; the gateway stamps its own.
        if (relayed["_meta"] is JsonObject upstreamMeta)
        {
            foreach (var name in upstreamMeta.Select(kv => kv.Key).Where(k => k.StartsWith(PerRequestMeta.Prefix, StringComparison.Ordinal)).ToList())
            {
                upstreamMeta.Remove(name);
            }

            if (upstreamMeta.Count == 0)
            {
                relayed.Remove("_meta");
            }
        }

        return relayed;
    }
}
