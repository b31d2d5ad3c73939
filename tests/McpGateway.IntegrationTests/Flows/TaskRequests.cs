using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Raw MCP 2026-07-28 POSTs for the tasks extension: the SDK client 2.4.0 does not speak it.</summary>
internal static class TaskRequests
{
    public const string Revision = "2026-07-28";
    public const string Extension = "io.modelcontextprotocol/tasks";

    /// <summary>Calls a tool (on <c>/mcp</c> unless <paramref name="path"/> says); <paramref name="declareTasks"/> declares the tasks extension (and elicitation) in _meta.</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(
        GatewayProcess gateway, string tool, JsonObject arguments, bool declareTasks = true, string? apiKey = null, string path = "/mcp") =>
        PostAsync(gateway, "tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments.DeepClone() }, tool, declareTasks, apiKey: apiKey, path: path);

    /// <summary>tasks/get, tasks/update or tasks/cancel for <paramref name="taskId"/>, with the Mcp-Name header it needs.</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> TaskAsync(
        GatewayProcess gateway, string method, string taskId, JsonObject? extra = null, bool declareTasks = true, bool elicitation = true, string? apiKey = null,
        string path = "/mcp")
    {
        var parameters = extra?.DeepClone().AsObject() ?? [];
        parameters["taskId"] = taskId;
        return PostAsync(gateway, method, parameters, taskId, declareTasks, elicitation, apiKey, path);
    }

    /// <summary>Polls tasks/get until the task has <paramref name="status"/>; returns the last result.</summary>
    public static async Task<JsonNode> WaitForAsync(
        GatewayProcess gateway, string taskId, string status, string? apiKey = null, int timeoutSeconds = 60, string path = "/mcp")
    {
        JsonNode result = new JsonObject();
        await gateway.WaitUntilAsync(async () =>
        {
            var (_, body) = await TaskAsync(gateway, "tasks/get", taskId, apiKey: apiKey, path: path);
            result = body["result"] ?? body;
            return result["status"]?.GetValue<string>() == status;
        }, $"task {taskId} to be {status} (last: {result.ToJsonString()})", timeoutSeconds);
        return result;
    }

    /// <summary>One POST: the body of its JSON or one-event SSE answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(
        GatewayProcess gateway, string method, JsonObject parameters, string? name, bool declareTasks = true, bool elicitation = true, string? apiKey = null,
        string path = "/mcp")
    {
        var capabilities = new JsonObject();
        if (declareTasks)
        {
            capabilities["extensions"] = new JsonObject { [Extension] = new JsonObject() };
        }

        if (elicitation)
        {
            capabilities["elicitation"] = new JsonObject { ["form"] = new JsonObject() };
        }

        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Revision,
            ["io.modelcontextprotocol/clientCapabilities"] = capabilities,
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "task-test", ["version"] = "1" },
        };
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 7, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url(path))
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + apiKey);
        }

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? string.Join("", text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..]))
            : text;
        return (response.StatusCode, JsonNode.Parse(json)!);
    }
}
