using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary><c>approver: client</c>: the gateway asks the user through MCP elicitation and continues the same call.</summary>
public sealed class InlineApprovalTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    [Theory]
    [InlineData(true, "inv_1")]
    [InlineData(false, "inv_3")]
    public async Task ApproverClient_AsksTheUserInline_AndContinuesOrRefuses(bool approve, string invoice)
    {
        string? asked = null;
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) =>
                {
                    asked = request!.Message;
                    return ValueTask.FromResult(new ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, JsonElement> { ["approve"] = JsonSerializer.SerializeToElement(approve) },
                    });
                },
            },
        };
        await using var client = await fixture.Gateway.ConnectAsync("/mcp", options);
        var before = await Rest.ReadAsync(fixture.Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = invoice });

        var result = await client.CallToolAsync("demo__pay_invoice", new Dictionary<string, object?> { ["invoice_id"] = invoice, ["amount"] = 1000 });

        Assert.Contains("large payment", asked, StringComparison.Ordinal);
        var after = await Rest.ReadAsync(fixture.Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = invoice });
        var paid = before["version"]!.GetValue<int>() != after["version"]!.GetValue<int>();
        Assert.Equal(approve, paid);
        Assert.Equal(!approve, result.IsError == true);
    }

    [Fact]
    public async Task ApproverClient_WithoutElicitation_FallsBackToAPendingApproval()
    {
        await using var client = await fixture.Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__pay_invoice", new Dictionary<string, object?> { ["invoice_id"] = "inv_2", ["amount"] = 5000 });

        Assert.True(result.IsError);
        var gateway = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["gateway"]!;
        Assert.Equal("pending_approval", gateway["status"]!.GetValue<string>());
        Assert.Contains("nothing was executed", string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
    }
}
