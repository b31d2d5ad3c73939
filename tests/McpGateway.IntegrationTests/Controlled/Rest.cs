using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>Calls the gateway's REST API and returns the status code and JSON body.</summary>
internal static class Rest
{
    public static Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(
        GatewayProcess gateway, HttpMethod method, string path, JsonNode? body = null, string? idempotencyKey = null, string? apiKey = null) =>
        SendAsync(gateway.Http, gateway.Url(path), method, body, idempotencyKey, apiKey);

    /// <summary>The same to any URL (a load balancer's, say).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(
        HttpClient http, Uri url, HttpMethod method, JsonNode? body = null, string? idempotencyKey = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(
        GatewayProcess gateway, string tool, JsonObject arguments, string? idempotencyKey = null, string? apiKey = null, JsonObject? extra = null) =>
        CallAsync(gateway.Http, gateway.Url("/v1/call"), tool, arguments, idempotencyKey, apiKey, extra);

    /// <summary>The same to any <c>/v1/call</c> URL (a load balancer's, say).</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(
        HttpClient http, Uri url, string tool, JsonObject arguments, string? idempotencyKey = null, string? apiKey = null, JsonObject? extra = null)
    {
        var body = new JsonObject { ["tool"] = tool, ["arguments"] = arguments.DeepClone() };
        foreach (var (k, v) in extra ?? [])
        {
            body[k] = v?.DeepClone();
        }

        return SendAsync(http, url, HttpMethod.Post, body, idempotencyKey, apiKey);
    }

    /// <summary>Reads a tool's structured result through the gateway (read-only tools: list_charges, get_invoice, ...).</summary>
    public static async Task<JsonNode> ReadAsync(GatewayProcess gateway, string tool, JsonObject? arguments = null, string? apiKey = null)
    {
        var (status, body) = await CallAsync(gateway, tool, arguments ?? [], apiKey: apiKey);
        Assert.True(status == HttpStatusCode.OK, $"{tool}: {status} {body}");
        return body["result"]!["structuredContent"]!;
    }
}
