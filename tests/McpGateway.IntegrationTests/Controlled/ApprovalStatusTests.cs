using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// An agent follows the call it got "held for approval" for through <c>gateway__approval_status</c>, and repeating the
/// same held call does not stack up approvals; through the real host and upstream.
/// </summary>
public sealed class ApprovalStatusTests : IAsyncLifetime
{
    private const string Policy = """
        policy:
          rules:
            - when: "tool == 'demo__echo' and args.text != 'free'"
              action: require_approval
              reason: "echoes of this need a human"

        """;

    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo() + Policy, "demo");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task HeldCall_RepeatedThenFollowed_OneApprovalAndItsResultThroughTheStatusTool()
    {
        await using var client = await _gateway.ConnectAsync();
        var args = new Dictionary<string, object?> { ["text"] = "hold me" };

        var first = await client.CallToolAsync("demo__echo", args);
        var second = await client.CallToolAsync("demo__echo", args);
        var other = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "hold you" });
        var listed = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        var id = Gateway(first)["approval_id"]!.GetValue<string>();
        var pending = await StatusAsync(client, id);
        var (_, decision) = await Rest.SendAsync(_gateway, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject { ["approver"] = "ann" });
        var executed = await StatusAsync(client, id);
        var unknown = await client.CallToolAsync("gateway__approval_status", new Dictionary<string, object?> { ["approval_id"] = "appr_nope" });
        var (_, approvals) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/approvals?status=pending");

        Assert.Contains("gateway__approval_status", listed);
        Assert.Contains("gateway__approval_status", Text(first), StringComparison.Ordinal);
        Assert.Equal(id, Gateway(second)["approval_id"]!.GetValue<string>());
        var otherId = Gateway(other)["approval_id"]!.GetValue<string>();
        Assert.NotEqual(id, otherId);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal("executed", decision["decision"]!.GetValue<string>());
        Assert.Equal("executed", executed["status"]!.GetValue<string>());
        Assert.Contains("hold me", executed["result"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(unknown.IsError);
        Assert.Equal([otherId], approvals["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
    }

    private static async Task<JsonNode> StatusAsync(McpClient client, string id)
    {
        var result = await client.CallToolAsync("gateway__approval_status", new Dictionary<string, object?> { ["approval_id"] = id });
        Assert.NotEqual(true, result.IsError);
        return JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
    }

    private static JsonNode Gateway(CallToolResult result) => JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["gateway"]!;

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
