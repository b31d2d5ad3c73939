using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>What leaves the gateway besides answers: the approval webhook and OTLP spans, received by a real loopback server.</summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task NewPendingApproval_PostsASlackCompatibleMessage_AndSpansAndMetricsReachTheCollector()
    {
        using var sink = new HttpSink();
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        var yaml = ControlledConfigs.Demo(stateDir, policyExtra: $"approval_webhook: {sink.Url}hook")
            .Replace("  auth: none", $"  auth: none\n  otlp_endpoint: {sink.Url}otlp", StringComparison.Ordinal);
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        var (_, body) = await Rest.CallAsync(gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "notify" });
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();

        var hook = await sink.WaitForAsync(r => r.Path == "/hook");
        var message = JsonNode.Parse(hook.Body)!;
        Assert.Contains(id, message["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("demo__set_invoice", message["tool"]!.GetValue<string>());

        // The pipeline's span, under the HTTP server's span for the request (ASP.NET Core instrumentation).
        var spans = await sink.WaitForAsync(r => r.Path == "/otlp/v1/traces" && Encoding.UTF8.GetString(r.Body).Contains("tools/call demo__set_invoice", StringComparison.Ordinal));
        Assert.Equal("application/x-protobuf", spans.ContentType);
        await sink.WaitForAsync(r => r.Path == "/otlp/v1/traces" && Encoding.UTF8.GetString(r.Body).Contains("/v1/call", StringComparison.Ordinal));

        // Metrics are flushed when the gateway stops: the pipeline's call counter, the HTTP server's and the runtime's.
        Assert.Equal(0, await gateway.TerminateAsync(TimeSpan.FromSeconds(30)));
        var metrics = string.Concat(sink.Requests.Where(r => r.Path == "/otlp/v1/metrics").Select(r => Encoding.UTF8.GetString(r.Body)));
        Assert.Contains("mcpgw.tool_calls", metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet.gc", metrics, StringComparison.Ordinal);
    }
}
