using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>What leaves the gateway besides answers: the approval webhook and OTLP spans, received by a real loopback server.</summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task NewPendingApproval_PostsASlackCompatibleMessage_AndSpansReachTheCollector()
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

        var spans = await sink.WaitForAsync(r => r.Path == "/otlp/v1/traces");
        Assert.Equal("application/x-protobuf", spans.ContentType);
        Assert.Contains("tools/call demo__set_invoice", Encoding.UTF8.GetString(spans.Body), StringComparison.Ordinal);
    }
}
