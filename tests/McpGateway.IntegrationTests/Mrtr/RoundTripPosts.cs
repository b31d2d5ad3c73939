using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>Raw 2026-07-28 tools/call POSTs (for rounds the SDK client would never send) and SDK clients of that revision.</summary>
internal static class RoundTripPosts
{
    public const string Revision = "2026-07-28";

    /// <summary>The elicitation capability alone.</summary>
    public static JsonObject Elicitation => new() { ["elicitation"] = new JsonObject() };

    /// <summary>One tools/call; <paramref name="extra"/> adds top-level params (requestState, inputResponses).</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(
        GatewayProcess gateway, string? apiKey, string tool, JsonObject arguments, JsonObject capabilities, JsonObject? extra = null, JsonObject? meta = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments.DeepClone() };
        foreach (var (name, value) in extra ?? [])
        {
            parameters[name] = value?.DeepClone();
        }

        return PostAsync(gateway, apiKey, "tools/call", tool, parameters, capabilities, meta);
    }

    /// <summary>One 2026-07-28 request of any method; <paramref name="parameters"/> gets the per-request <c>_meta</c>.</summary>
    public static async Task<JsonNode> RequestAsync(GatewayProcess gateway, string method, string name, JsonObject parameters, JsonObject capabilities) =>
        (await PostAsync(gateway, null, method, name, (JsonObject)parameters.DeepClone(), capabilities, null)).Body;

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(
        GatewayProcess gateway, string? apiKey, string method, string name, JsonObject parameters, JsonObject capabilities, JsonObject? meta)
    {
        var m = meta is null ? [] : (JsonObject)meta.DeepClone();
        m["io.modelcontextprotocol/protocolVersion"] = Revision;
        m["io.modelcontextprotocol/clientCapabilities"] = capabilities.DeepClone();
        m["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw-mrtr", ["version"] = "1" };
        parameters["_meta"] = m;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 7, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url("/mcp"))
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", method);
        request.Headers.Add("Mcp-Name", name);
        if (apiKey is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + apiKey);
        }

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..]).Last(l => l.Contains("\"id\":7", StringComparison.Ordinal))
            : text;
        return (response.StatusCode, JsonNode.Parse(json)!);
    }

    /// <summary>An SDK client (2.4.0) that speaks 2026-07-28 to <paramref name="gateway"/>, with <paramref name="handlers"/>.</summary>
    public static Task<McpClient> ConnectAsync(GatewayProcess gateway, string? apiKey, McpClientHandlers handlers) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = gateway.Url("/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            }),
            new McpClientOptions { ProtocolVersion = Revision, Handlers = handlers });

    /// <summary>The error code of a JSON-RPC error answer, or null for a result.</summary>
    public static int? ErrorCode(JsonNode body) => body["error"]?["code"]?.GetValue<int>();
}
