using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
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
    public async Task ApproverClient_CallerCancelsWhileAsked_KeyIsFreedAndTheRepeatRuns()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = async (_, ct) =>
                {
                    asked.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                    return new ElicitResult { Action = "cancel" };
                },
            },
        };
        var key = new RequestOptions { Meta = new JsonObject { ["mcpgw/idempotencyKey"] = "inline-cancel-" + Guid.NewGuid().ToString("N") } };
        var args = new Dictionary<string, object?> { ["invoice_id"] = "inv_3", ["amount"] = 1500 };
        var before = await Rest.ReadAsync(fixture.Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_3" });
        await using (var first = await fixture.Gateway.ConnectAsync("/mcp", waiting))
        {
            using var cancel = new CancellationTokenSource();
            var call = first.CallToolAsync("demo__pay_invoice", args, null, key, cancel.Token).AsTask();
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        // Nothing ran, so the same key must not stay "in flight": a repeat the user approves pays once.
        await using var second = await fixture.Gateway.ConnectAsync("/mcp", Approving());
        CallToolResult? result = null;
        await fixture.Gateway.WaitUntilAsync(async () =>
        {
            result = await second.CallToolAsync("demo__pay_invoice", args, null, key);
            return result.IsError != true;
        }, "the repeat with the same key to run", 20);
        var after = await Rest.ReadAsync(fixture.Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_3" });
        Assert.Equal(before["version"]!.GetValue<int>() + 1, after["version"]!.GetValue<int>());
    }

    private static McpClientOptions Approving() => new()
    {
        Handlers = new McpClientHandlers
        {
            ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement> { ["approve"] = JsonSerializer.SerializeToElement(true) },
            }),
        },
    };

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
