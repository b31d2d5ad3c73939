using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Security;

/// <summary>The approvals API while the config holds secret references: it lists and shows, with the secrets redacted.</summary>
public sealed class ApprovalViewTests
{
    [Fact]
    public async Task ApprovalsListAndGet_ConfigHoldsAnEnvReference_AnswerWithTheSecretRedacted()
    {
        // Regression: any ${env:}/${secret:} in the config made GET /v1/approvals and /v1/approvals/{id} answer 500.
        using var state = new TempDirectory("mcpgw-upstream-");
        var yaml = ControlledConfigs.Demo(state.Path).Replace(
            "      TESTUPSTREAM_STATE_DIR:", "      DEMO_TOKEN: \"${env:DEMO_TOKEN}\"\n      TESTUPSTREAM_STATE_DIR:", StringComparison.Ordinal);
        var env = new Dictionary<string, string> { ["DEMO_TOKEN"] = "tok-approval-secret" };
        await using var gateway = await GatewayProcess.StartAsync(yaml, env, "demo");
        var (held, call) = await Rest.CallAsync(gateway, "demo__set_invoice",
            new JsonObject { ["invoice_id"] = "inv_9", ["status"] = "disputed by tok-approval-secret" });
        Assert.Equal(HttpStatusCode.Accepted, held);
        var approvalId = call["gateway"]!["approval_id"]!.GetValue<string>();

        var list = await gateway.Http.GetAsync(gateway.Url("/v1/approvals"));
        var one = await gateway.Http.GetAsync(gateway.Url($"/v1/approvals/{approvalId}"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var body = await one.Content.ReadAsStringAsync();
        Assert.Contains("[REDACTED]", body, StringComparison.Ordinal);
        Assert.Contains(approvalId, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(!body.Contains("tok-approval-secret", StringComparison.Ordinal), body);
        Assert.NotNull(JsonNode.Parse(body)!["created_at"]);
    }
}
