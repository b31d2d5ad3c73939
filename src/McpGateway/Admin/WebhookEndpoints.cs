using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;

namespace McpGateway.Admin;

/// <summary>
/// <c>POST /hooks/{flow}</c>: starts the flow's published version with the JSON body as inputs. No API key: the flow's
/// webhook secret authenticates the sender, as <c>X-Mcpgw-Timestamp</c> + <c>X-Mcpgw-Signature: sha256=&lt;hex HMAC of
/// "{timestamp}.{body}"&gt;</c> (within 5 minutes of the gateway's clock) or <c>X-Mcpgw-Secret</c>; a missing, wrong or
/// stale one is 401 saying why, and nothing runs. The run acts as <c>trigger:webhook:{flow}</c>. <c>?wait=true</c> (or
/// the trigger's <c>sync: true</c>) answers with the outputs; otherwise 202 with the run id. <c>Idempotency-Key</c>
/// dedupes deliveries.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app) => app.MapPost("/hooks/{flow}", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, string flow, FlowService flows, FlowEngine engine, TimeProvider time)
    {
        var found = await flows.GetFlowAsync(flow, http.RequestAborted);
        if (found is null)
        {
            return Problems.Create(404, "Not Found", $"No flow '{flow}'.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var headers = http.Request.Headers;
        var refused = flows.WebhookSecret(found) is not { } secret
            ? found.WebhookSecret is null
                ? $"Flow '{flow}' has no webhook secret; set one with the set_webhook_secret operation."
                : $"The webhook secret of flow '{flow}' does not open with this gateway's master key; set it again with the set_webhook_secret operation."
            : WebhookSignature.Check(secret, body, Header(headers, WebhookSignature.SignatureHeader), Header(headers, WebhookSignature.TimestampHeader),
                Header(headers, WebhookSignature.SecretHeader), time.GetUtcNow());
        if (refused is not null)
        {
            http.Response.Headers.WWWAuthenticate = "HMAC-SHA256";
            return Problems.Create(401, "Unauthorized", refused);
        }

        JsonObject inputs;
        try
        {
            inputs = body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? throw new JsonException("the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            return Problems.Create(400, "Bad Request", "The webhook body must be a JSON object (the run's inputs): " + ex.Message);
        }

        var published = await flows.GetVersionAsync(found.Id, "published", http.RequestAborted);
        var sync = http.Request.Query["wait"] == "true" ||
                   published.Value?.Definition["trigger"]?["sync"] is JsonValue s && s.TryGetValue<bool>(out var b) && b;
        var delivery = http.Request.Headers["Idempotency-Key"].ToString();
        var start = new RunStart
        {
            Flow = found.Id,
            Origin = RunOrigins.Webhook,
            Inputs = inputs,
            DedupKey = delivery.Length > 0 ? "hook:" + delivery : null,
            Key = TriggerPrincipal.Starting(TriggerPrincipal.Webhook, found.Name, time.GetUtcNow()),
        };
        return await RunEndpoints.StartedAsync(http, engine, start, sync);
    }

    private static string? Header(IHeaderDictionary headers, string name) => headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
