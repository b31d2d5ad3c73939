using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Upstreams;
using McpGateway.Mcp.Tasks;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

#pragma warning disable MCPEXP002 // The SDK's seams for extensions (custom methods, alternate results) are marked experimental.

/// <summary>
/// The tasks extension on every endpoint's 2026-07-28 servers (and stdio's): a flow tool called by a request that declares
/// the extension answers with a task (the run id) as soon as the run is stored, instead of waiting for the run; an
/// upstream's tool that a 2026-07-28 upstream answers with a task is relayed as a task under the gateway's id. The
/// extension's methods go to <see cref="FlowTasks"/> or <see cref="UpstreamTasks"/> by the id's form.
/// </summary>
internal sealed partial class McpSurface
{
    private void AddTasks(McpServerOptions options, string? scope, ApiKey? key)
    {
        options.Capabilities!.Extensions ??= new Dictionary<string, object>();
        options.Capabilities.Extensions[TasksExtension.Id] = new JsonObject();
        options.RequestHandlers ??= [];
        foreach (var method in TasksExtension.Methods)
        {
            options.RequestHandlers.Add(new()
            {
                Method = method, RoutingNameParameter = TasksExtension.TaskIdParameter, Handler = (r, ct) => TaskMethodAsync(r, method, scope, key, ct),
            });
        }

        options.Filters.Request.CallToolWithAlternateFilters.Add((request, next, ct) => CallAsTaskAsync(request, next, scope, key, ct));
    }

    private ValueTask<JsonNode?> TaskMethodAsync(RequestContext<JsonNode?> request, string method, string? scope, ApiKey? key, CancellationToken ct)
    {
        if (!TasksExtension.IsDeclared(request.JsonRpcRequest))
        {
            throw TasksExtension.NotDeclared(method);
        }

        if (request.Params?[TasksExtension.TaskIdParameter] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw new McpProtocolException($"{method} needs params.taskId (a string: the task id a tool call answered with).", McpErrorCode.InvalidParams);
        }

        var taskId = value.GetValue<string>();
        if (UpstreamTaskId.IsOne(taskId))
        {
            return upstreamTasks.RelayAsync(request, method, taskId, scope, key, ct);
        }

        // Flow runs are tasks where flow tools are exposed (not on a connector's own endpoint).
        if (scope is not null)
        {
            throw new McpProtocolException($"No task '{(taskId.Length <= 100 ? taskId : taskId[..100] + "…")}' for this caller.", McpErrorCode.InvalidParams);
        }

        return method switch
        {
            TasksExtension.Get => tasks.GetAsync(request, key, ct),
            TasksExtension.Update => tasks.UpdateAsync(request, key, ct),
            _ => tasks.CancelAsync(request, key, ct),
        };
    }

    private async ValueTask<ResultOrAlternate<CallToolResult>> CallAsTaskAsync(
        RequestContext<CallToolRequestParams> request, McpRequestHandler<CallToolRequestParams, ResultOrAlternate<CallToolResult>> next, string? scope, ApiKey? key,
        CancellationToken ct)
    {
        // Anything else, a refused flow tool included, is answered as without the extension.
        if (scope is null && request.Params is { Name: { } name } p && name != FlowTools.RunsGet && flowTools.Current.ContainsKey(name) &&
            FlowTools.MayUse(key, name) && TasksExtension.IsDeclared(request.JsonRpcRequest))
        {
            var (run, refused) = await StartFlowRunAsync(p, key, ct);
            return refused is not null ? refused : ResultOrAlternate<CallToolResult>.FromAlternate(FlowTasks.Created(run!), TasksJsonContext.Default.TaskResult);
        }

        // An upstream's task (only a request that declared the extension is offered one upstream) comes back from the
        // call with the gateway's id as its structured content.
        var answer = await next(request, ct);
        return answer.Result is { ResultType: UpstreamConnection.TaskResultType, StructuredContent: { ValueKind: JsonValueKind.Object } handle }
            ? ResultOrAlternate<CallToolResult>.FromAlternate(
                TaskResult.From(JsonObject.Create(handle)!), TasksJsonContext.Default.TaskResult)
            : answer;
    }
}
