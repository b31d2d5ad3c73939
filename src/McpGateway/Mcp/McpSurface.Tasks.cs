using System.Text.Json.Nodes;
using McpGateway.Mcp.Tasks;
using McpGateway.Policy.Keys;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

#pragma warning disable MCPEXP002 // The SDK's seams for extensions (custom methods, alternate results) are marked experimental.

/// <summary>
/// The tasks extension on the aggregated endpoint's stateless servers: a flow tool called by a request that declares the
/// extension answers with a task (the run id) as soon as the run is stored, instead of waiting for the run.
/// </summary>
internal sealed partial class McpSurface
{
    private void AddTasks(McpServerOptions options, ApiKey? key)
    {
        options.Capabilities!.Extensions ??= new Dictionary<string, object>();
        options.Capabilities.Extensions[TasksExtension.Id] = new JsonObject();
        options.RequestHandlers ??= [];
        foreach (var handler in tasks.Handlers(key))
        {
            options.RequestHandlers.Add(handler);
        }

        options.Filters.Request.CallToolWithAlternateFilters.Add((request, next, ct) => CallFlowAsTaskAsync(request, next, key, ct));
    }

    private async ValueTask<ResultOrAlternate<CallToolResult>> CallFlowAsTaskAsync(
        RequestContext<CallToolRequestParams> request, McpRequestHandler<CallToolRequestParams, ResultOrAlternate<CallToolResult>> next, ApiKey? key, CancellationToken ct)
    {
        // Anything else, a refused flow tool included, is answered as without the extension.
        if (request.Params is not { Name: { } name } p || name == FlowTools.RunsGet || !flowTools.Current.ContainsKey(name) ||
            !FlowTools.MayUse(key, name) || !TasksExtension.IsDeclared(request.JsonRpcRequest))
        {
            return await next(request, ct);
        }

        var (run, refused) = await StartFlowRunAsync(p, key, ct);
        return refused is not null ? refused : ResultOrAlternate<CallToolResult>.FromAlternate(FlowTasks.Created(run!), TasksJsonContext.Default.TaskResult);
    }
}
