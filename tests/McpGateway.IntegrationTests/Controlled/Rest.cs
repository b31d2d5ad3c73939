using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>Calls the gateway's REST API and returns the status code and JSON body.</summary>
internal static class Rest
{
    public static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(
        GatewayProcess gateway, HttpMethod method, string path, JsonNode? body = null, string? idempotencyKey = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, gateway.Url(path));
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

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(
        GatewayProcess gateway, string tool, JsonObject arguments, string? idempotencyKey = null, string? apiKey = null, JsonObject? extra = null)
    {
        var body = new JsonObject { ["tool"] = tool, ["arguments"] = arguments.DeepClone() };
        foreach (var (k, v) in extra ?? [])
        {
            body[k] = v?.DeepClone();
        }

        return SendAsync(gateway, HttpMethod.Post, "/v1/call", body, idempotencyKey, apiKey);
    }

    /// <summary>Reads a tool's structured result through the gateway (read-only tools: list_charges, get_invoice, ...).</summary>
    public static async Task<JsonNode> ReadAsync(GatewayProcess gateway, string tool, JsonObject? arguments = null, string? apiKey = null)
    {
        var (status, body) = await CallAsync(gateway, tool, arguments ?? [], apiKey: apiKey);
        Assert.True(status == HttpStatusCode.OK, $"{tool}: {status} {body}");
        return body["result"]!["structuredContent"]!;
    }
}
