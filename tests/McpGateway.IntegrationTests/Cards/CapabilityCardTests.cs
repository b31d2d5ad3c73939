using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Cards;

/// <summary>
/// Capability cards as agents and operators read them through the real host: <c>GET /v1/tools</c>, <c>/v1/discover</c>,
/// each listed tool's <c>_meta["mcpgw/card"]</c> on both MCP endpoints, the <c>gateway__discover</c> tool, and rules that
/// read <c>card.*</c>.
/// </summary>
public sealed class CapabilityCardTests : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
    private GatewayProcess _gateway = null!;

    private string Yaml => $$$"""
        gateway:
          data_dir: ./data
        policy:
          rules:
            - when: "card.read_only"
              action: allow
            - when: "card.risk == 'high' and card.tags contains 'payments'"
              action: require_approval
              reason: "money moves only with a human"
            - when: "tool == 'demo__crm_update' and args.fields.tier == 'vip'"
              action: require_approval
        connectors:
          demo:
            kind: mcp-stdio
            command: dotnet
            args: ["{{{TestPaths.TestUpstreamDll}}}"]
            env:
              TESTUPSTREAM_STATE_DIR: "{{{_stateDir}}}"
            tools:
              charge:
                tags: [payments, money]
                auth: "the demo merchant account (acct_demo)"
                idempotency_key: "charge:{{args.payment_id}}"
                examples:
                  - description: "Charge 10 EUR for an order"
                    args: { payment_id: pay_ex_1, amount: 10 }
                probe:
                  tool: demo__lookup_payment
                  args: { payment_id: "{{args.payment_id}}" }
                  succeeded_when: { found: "true" }
              lookup_payment:
                tags: [payments]

        """;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(Yaml, "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task ToolsList_Rest_CardsCarryTagsExamplesAuthApprovalUrlAndPin()
    {
        var (status, body) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/tools");

        Assert.Equal(HttpStatusCode.OK, status);
        var charge = Card(body, "demo__charge");
        Assert.Equal(["payments", "money"], charge["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("the demo merchant account (acct_demo)", charge["auth"]!.GetValue<string>());
        Assert.Equal("pay_ex_1", charge["examples"]![0]!["args"]!["payment_id"]!.GetValue<string>());
        Assert.Equal("Charge 10 EUR for an order", charge["examples"]![0]!["description"]!.GetValue<string>());
        Assert.Equal("high", charge["risk"]!.GetValue<string>());
        Assert.Equal("always", charge["approval"]!.GetValue<string>());
        Assert.Equal("charge:{{args.payment_id}}", charge["idempotency_key"]!.GetValue<string>());
        Assert.Equal("demo__lookup_payment", charge["probe"]!["tool"]!.GetValue<string>());
        Assert.Equal(_gateway.Url("/c/demo/mcp").ToString(), charge["gateway_url"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", charge["definition_hash"]!.GetValue<string>());
        Assert.Equal("pinned", charge["pin_state"]!.GetValue<string>());
        Assert.NotNull(charge["input_schema"]!["properties"]!["payment_id"]);
        Assert.Equal("never", Card(body, "demo__lookup_payment")["approval"]!.GetValue<string>());
        Assert.Equal("conditional", Card(body, "demo__crm_update")["approval"]!.GetValue<string>());
        Assert.Empty(Card(body, "demo__echo")["tags"]!.AsArray());
    }

    [Fact]
    public async Task Discover_Rest_RanksByNameTagsAndDescription_AndLimits()
    {
        var (_, found) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/discover?q=payments");
        var (_, one) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/discover?q=payment&limit=1");
        var (_, none) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/discover?q=zebra-unicorn");
        var (bad, problem) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/discover?q=payment&limit=0");

        var names = Names(found);
        Assert.Equal(["demo__charge", "demo__lookup_payment"], names.Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("demo__echo", names);
        Assert.Single(one["tools"]!.AsArray());
        Assert.Empty(none["tools"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("limit must be a whole number from 1 to 50", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/mcp", "demo__charge")]
    [InlineData("/c/demo/mcp", "charge")]
    public async Task ToolsList_Mcp_EachToolCarriesItsCardInMeta(string path, string name)
    {
        await using var client = await TestClients.ConnectStatelessAsync(_gateway, path);

        var tools = await client.ListToolsAsync();

        var card = tools.Single(t => t.Name == name).ProtocolTool.Meta!["mcpgw/card"]!;
        Assert.Equal("demo__charge", card["name"]!.GetValue<string>());
        Assert.Equal("always", card["approval"]!.GetValue<string>());
        Assert.Equal("/c/demo/mcp", card["gateway_url"]!.GetValue<string>());
        Assert.Contains("payments", card["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(card["input_schema"]);
        Assert.All(tools.Where(t => !t.Name.StartsWith("gateway__", StringComparison.Ordinal) && !t.Name.StartsWith("flow__", StringComparison.Ordinal)),
            t => Assert.NotNull(t.ProtocolTool.Meta?["mcpgw/card"]));
    }

    [Fact]
    public async Task GatewayDiscover_Mcp_ReturnsRankedCards_AndRefusesABadLimit()
    {
        await using var client = await TestClients.ConnectStatelessAsync(_gateway, "/mcp");

        var result = await client.CallToolAsync("gateway__discover", new Dictionary<string, object?> { ["query"] = "money" });
        var bad = await client.CallToolAsync("gateway__discover", new Dictionary<string, object?> { ["query"] = "money", ["limit"] = 500 });

        Assert.NotEqual(true, result.IsError);
        var tools = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["tools"]!.AsArray();
        Assert.Equal("demo__charge", Assert.Single(tools)!["name"]!.GetValue<string>());
        Assert.NotNull(tools[0]!["input_schema"]);
        Assert.Contains("demo__charge (risk high, approval always)", ((TextContentBlock)result.Content[0]).Text, StringComparison.Ordinal);
        Assert.True(bad.IsError);
        Assert.Contains("limit must be a whole number from 1 to 50", ((TextContentBlock)bad.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_ReadTheCard_HighRiskPaymentHeldAndReadOnlyAllowed()
    {
        var (held, pending) = await Rest.CallAsync(_gateway, "demo__charge", new JsonObject { ["payment_id"] = "pay_card_1", ["amount"] = 5 });
        var (read, lookup) = await Rest.CallAsync(_gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = "pay_card_1" });

        Assert.Equal(HttpStatusCode.Accepted, held);
        Assert.Equal("pending_approval", pending["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(0, lookup["result"]!["structuredContent"]!["charges"]!.GetValue<int>());
        var (_, trace) = await Rest.SendAsync(_gateway, HttpMethod.Get, $"/v1/executions/{pending["execution_id"]}");
        Assert.Contains("money moves only with a human", trace.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonNode Card(JsonNode body, string name) => body["data"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == name)!;

    private static List<string> Names(JsonNode body) => body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
}
