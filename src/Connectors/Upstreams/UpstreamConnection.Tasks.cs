using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

#pragma warning disable MCPEXP002 // The routing name (Mcp-Name of an extension's method) is marked experimental.

public sealed partial class UpstreamConnection
{
    /// <summary>The <c>resultType</c> of a tools/call answered with a task (the tasks extension of 2026-07-28).</summary>
    public const string TaskResultType = "task";

    /// <summary>
    /// Sends one of the tasks extension's methods (<c>tasks/get</c>, <c>tasks/update</c>, <c>tasks/cancel</c>) about the
    /// upstream's task <paramref name="taskId"/>, declaring <paramref name="clientCapabilities"/> (which must include the
    /// extension), and returns the upstream's result as it is. The upstream's JSON-RPC errors are thrown as they came.
    /// </summary>
    public ValueTask<JsonNode?> SendTaskRequestAsync(
        string method, string taskId, JsonObject parameters, ClientCapabilities clientCapabilities, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (c, ct) =>
            {
                if (!IsStateless(c))
                {
                    throw new McpProtocolException(
                        $"Connector '{Config.Name}' speaks {c.NegotiatedProtocolVersion} now, which has no tasks extension; its task {taskId} cannot be reached.",
                        McpErrorCode.InvalidParams);
                }

                var p = (JsonObject)parameters.DeepClone();
                p["taskId"] = taskId;
                var context = CapabilitiesContext(clientCapabilities)!;
                context.RoutingName = taskId;
                var response = await c.SendRequestAsync(new JsonRpcRequest { Method = method, Params = p, Context = context }, ct);
                return response.Result;
            },
            cancellationToken);
}
