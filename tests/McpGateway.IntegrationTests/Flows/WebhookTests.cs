using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary><c>POST /hooks/{flow}</c>: the body becomes the inputs; only a right signature or secret starts a run.</summary>
public sealed class WebhookTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private const string Secret = "whsec_test_0123456789";

    private GatewayProcess Gateway => fixture.Gateway;

    private async Task ArrangeAsync(string name)
    {
        await FlowApi.ImportAsync(Gateway, $$$"""
            { "name": "{{{name}}}", "status": "ENABLED", "publish": true,
              "inputs": { "type": "object", "properties": { "order": { "type": "string" } }, "required": ["order"] },
              "trigger": { "type": "webhook" },
              "steps": [ { "key": "ack", "type": "transform", "value": { "received": "{{ inputs.order }}" } } ],
              "output": "{{ steps.ack.output }}" }
            """);
        var (status, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/flows/{name}/operations", new JsonObject { ["type"] = "set_webhook_secret", ["secret"] = Secret });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string name, string body, string query = "", Action<HttpRequestMessage>? sign = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url($"/hooks/{name}{query}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        sign?.Invoke(request);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    /// <summary>Signs as a sender does: <c>X-Mcpgw-Timestamp</c> (unix seconds) and the HMAC of <c>{timestamp}.{body}</c>.</summary>
    internal static Action<HttpRequestMessage> Signed(string body, string secret, DateTimeOffset? at = null) => r =>
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        r.Headers.Add("X-Mcpgw-Timestamp", timestamp);
        r.Headers.Add("X-Mcpgw-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body))));
    };

    /// <summary>Posts a signed delivery to <c>/hooks/{name}</c> of <paramref name="gateway"/>.</summary>
    internal static async Task<(HttpStatusCode Status, JsonNode Body)> PostSignedAsync(GatewayProcess gateway, string name, string body, string secret, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url($"/hooks/{name}{query}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        Signed(body, secret)(request);
        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private async Task<int> RunCountAsync(string name)
    {
        var (_, runs) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/runs?flow={name}");
        return runs["data"]!.AsArray().Count;
    }

    [Fact]
    public async Task SignedBody_Sync_ReturnsOutputsWithWebhookOrigin()
    {
        await ArrangeAsync("hook-signed");
        const string body = """{"order":"o-1"}""";

        var (status, run) = await PostAsync("hook-signed", body, "?wait=true", Signed(body, Secret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("o-1", run["outputs"]!["received"]!.GetValue<string>());
        Assert.Equal("WEBHOOK", run["origin"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecretHeader_Async_Returns202AndRunSucceeds()
    {
        await ArrangeAsync("hook-header");

        var (status, run) = await PostAsync("hook-header", """{"order":"o-2"}""", sign: r => r.Headers.Add("X-Mcpgw-Secret", Secret));

        Assert.Equal(HttpStatusCode.Accepted, status);
        await FlowApi.WaitForStatusAsync(Gateway, run["id"]!.GetValue<string>(), "SUCCEEDED");
    }

    [Fact]
    public async Task WrongOrMissingSecret_401_AndNothingRuns()
    {
        await ArrangeAsync("hook-wrong");
        const string body = """{"order":"o-3"}""";

        var (wrongSignature, _) = await PostAsync("hook-wrong", body, sign: Signed(body, "not-the-secret"));
        var (tampered, _) = await PostAsync("hook-wrong", """{"order":"o-4"}""", sign: Signed(body, Secret));
        var (wrongHeader, _) = await PostAsync("hook-wrong", body, sign: r => r.Headers.Add("X-Mcpgw-Secret", "nope"));
        var (missing, problem) = await PostAsync("hook-wrong", body);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSignature);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Contains("X-Mcpgw-Signature", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await RunCountAsync("hook-wrong"));
    }

    [Fact]
    public async Task ReplayedDelivery_OldTimestamp_401SayingWhy_AndNothingRuns()
    {
        await ArrangeAsync("hook-replay");
        const string body = """{"order":"o-5"}""";
        var captured = DateTimeOffset.UtcNow.AddMinutes(-6);

        var (replayed, problem) = await PostAsync("hook-replay", body, sign: Signed(body, Secret, captured));
        var (unstamped, unstampedProblem) = await PostAsync("hook-replay", body, sign: r => r.Headers.Add("X-Mcpgw-Signature",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)))));

        Assert.Equal(HttpStatusCode.Unauthorized, replayed);
        Assert.Contains("X-Mcpgw-Timestamp", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("5 minutes", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unstamped);
        Assert.Contains("X-Mcpgw-Timestamp", unstampedProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await RunCountAsync("hook-replay"));
    }

    [Fact]
    public async Task SetWebhookSecret_IsNotInClearInTheStoreFile()
    {
        const string secret = "whsec_sealed_findme_0123456789";
        await FlowApi.ImportAsync(Gateway, RestTransform("hook-sealed"));
        var (status, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/hook-sealed/operations", new JsonObject { ["type"] = "set_webhook_secret", ["secret"] = secret });
        Assert.Equal(HttpStatusCode.OK, status);

        var (signed, _) = await PostSignedAsync(Gateway, "hook-sealed", "{}", secret, "?wait=true");
        var files = Directory.GetFiles(Path.Combine(Gateway.Dir, "data"), "flows.db*");

        Assert.Equal(HttpStatusCode.OK, signed);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.DoesNotContain(secret, Encoding.UTF8.GetString(ReadShared(f)), StringComparison.Ordinal));
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task NoSecretSet_401_NothingRuns()
    {
        await FlowApi.ImportAsync(Gateway, RestTransform("hook-nosecret"));

        var (status, _) = await PostAsync("hook-nosecret", "{}", sign: r => r.Headers.Add("X-Mcpgw-Secret", ""));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(0, await RunCountAsync("hook-nosecret"));
    }

    private static string RestTransform(string name) => FlowRestTests.TransformFlow(name, "x");
}
