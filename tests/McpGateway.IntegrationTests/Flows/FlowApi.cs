using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Flow REST calls the flow tests share: import a document, start a run, wait for a run's status.</summary>
internal static class FlowApi
{
    /// <summary>Imports a flow document (JSON text of the file shape); asserts it was accepted and returns the answer.</summary>
    public static async Task<JsonNode> ImportAsync(GatewayProcess gateway, string documentJson, string? apiKey = null)
    {
        var (status, body) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/flows/import", JsonNode.Parse(documentJson), apiKey: apiKey);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"import: {status} {body}");
        return body;
    }

    /// <summary>Starts a run; <paramref name="wait"/> waits for its end.</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> StartAsync(
        GatewayProcess gateway, string flow, JsonObject inputs, bool wait = true, string? version = null, string? dedup = null, string? apiKey = null) =>
        Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/flows/{flow}/runs",
            new JsonObject { ["inputs"] = inputs.DeepClone(), ["wait"] = wait, ["version"] = version }, idempotencyKey: dedup, apiKey: apiKey);

    public static async Task<JsonNode> GetRunAsync(GatewayProcess gateway, string runId)
    {
        var (status, body) = await Rest.SendAsync(gateway, HttpMethod.Get, $"/v1/runs/{runId}");
        Assert.True(status == HttpStatusCode.OK, $"run {runId}: {status} {body}");
        return body;
    }

    /// <summary>Polls the run until its status is <paramref name="status"/>; returns it.</summary>
    public static async Task<JsonNode> WaitForStatusAsync(GatewayProcess gateway, string runId, string status, int timeoutSeconds = 60)
    {
        JsonNode run = new JsonObject();
        await gateway.WaitUntilAsync(async () =>
        {
            run = await GetRunAsync(gateway, runId);
            return run["status"]!.GetValue<string>() == status;
        }, $"run {runId} to be {status} (last: {run["status"]})", timeoutSeconds);
        return run;
    }

    public static JsonNode Node(JsonNode run, string step, int iteration = 0) =>
        run["nodes"]!.AsArray().Single(n => n!["step"]!.GetValue<string>() == step && n["iteration"]!.GetValue<int>() == iteration)!;

    public static async Task<int> ChargesAsync(GatewayProcess gateway, string paymentId) =>
        (await Rest.ReadAsync(gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId }))["charges"]!.GetValue<int>();

    /// <summary>The sample flow's shape under another name: charge, confirm, receipt.</summary>
    public static string ChargeFlow(string name) => $$$"""
        {
          "name": "{{{name}}}",
          "description": "Charges once and confirms.",
          "status": "ENABLED",
          "publish": true,
          "inputs": { "type": "object", "properties": { "payment_id": { "type": "string" }, "amount": { "type": "number" } }, "required": ["payment_id", "amount"] },
          "steps": [
            { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{ inputs.payment_id }}", "amount": "{{ inputs.amount }}" } },
            { "key": "confirm", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "{{ inputs.payment_id }}" } },
            { "key": "receipt", "type": "transform", "value": { "charge_id": "{{ steps.charge.output.charge_id }}", "charges": "{{ steps.confirm.output.charges }}", "amount": "{{ inputs.amount }}" } }
          ],
          "output": "{{ steps.receipt.output }}"
        }
        """;
}
