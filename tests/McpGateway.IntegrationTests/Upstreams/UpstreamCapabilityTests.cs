using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Upstreams;

/// <summary>
/// A 2026-07-28 upstream sees the client capabilities of the request it serves (what the caller declared and the gateway
/// relays), not the gateway's own: a tool that needs sampling answers -32021 to a caller that did not declare it, and
/// that error reaches the caller as it is, over both client revisions (HTTP 400 on the stateless path).
/// </summary>
public sealed class UpstreamCapabilityTests
{
    private const string Connector = "up";
    private const string Tool = "test_missing_capability";
    private const string Ran = "Client declared the sampling capability; tool executed.";

    public static TheoryData<string> Kinds => new() { "mcp-stdio", "mcp-http" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task StatelessClient_UpstreamNeedsUndeclaredSampling_GetsMissingCapabilityWithItsData(string kind)
    {
        await using var upstream = kind == "mcp-http" ? await UpstreamProcess.StartAsync(protocol: "2026-07-28") : null;
        await using var gateway = await GatewayProcess.StartAsync(Config(upstream), Connector);
        Assert.Equal("2026-07-28", (await gateway.ConnectorStatusAsync(Connector)).GetProperty("protocol").GetString());

        var (status, refused) = await PostAsync(gateway, $"/c/{Connector}/mcp", Tool, new JsonObject());
        var (aggregatedStatus, aggregated) = await PostAsync(gateway, "/mcp", $"{Connector}__{Tool}", new JsonObject { ["elicitation"] = new JsonObject() });
        var (_, ran) = await PostAsync(gateway, $"/c/{Connector}/mcp", Tool, new JsonObject { ["sampling"] = new JsonObject() });

        Assert.True(refused["error"]?["code"]?.GetValue<int>() == -32021, refused.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(refused["error"]!["data"]!["requiredCapabilities"]!["sampling"]);
        Assert.Equal(1, refused["id"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, aggregatedStatus);
        Assert.Equal(-32021, aggregated["error"]!["code"]!.GetValue<int>());
        Assert.Equal(Ran, ran["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SdkClients_BothRevisions_SeeTheUpstreamsMissingCapability_UnlessTheyDeclareSampling()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(Config(upstream), Connector);
        var sampling = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (_, _, _) => ValueTask.FromResult(new CreateMessageResult { Model = "m", Role = Role.Assistant, Content = [new TextContentBlock { Text = "x" }] }),
            },
        };

        await using var session = await gateway.ConnectAsync();
        await using var samplingSession = await gateway.ConnectAsync("/mcp", TestClients.Sessions(sampling));
        await using var stateless = await TestClients.ConnectStatelessAsync(gateway, $"/c/{Connector}/mcp");

        var sessionRefused = await Assert.ThrowsAnyAsync<McpProtocolException>(() => session.CallToolAsync($"{Connector}__{Tool}").AsTask());
        var statelessRefused = await Assert.ThrowsAnyAsync<McpProtocolException>(() => stateless.CallToolAsync(Tool).AsTask());
        var sessionRan = await samplingSession.CallToolAsync($"{Connector}__{Tool}");

        Assert.Equal(TestClients.SessionRevision, session.NegotiatedProtocolVersion);
        Assert.Equal(McpErrorCode.MissingRequiredClientCapability, sessionRefused.ErrorCode);
        Assert.Equal("2026-07-28", stateless.NegotiatedProtocolVersion);
        Assert.Equal(McpErrorCode.MissingRequiredClientCapability, statelessRefused.ErrorCode);
        Assert.NotNull(Assert.IsType<MissingRequiredClientCapabilityException>(statelessRefused).RequiredCapabilities.Sampling);
        Assert.Equal(Ran, Assert.IsType<TextContentBlock>(sessionRan.Content[0]).Text);
    }

    // Pinned to 2026-07-28: a dual stdio upstream slow to answer the discover probe is spoken to in 2025-11-25, whose
    // session carries the gateway's own capabilities.
    private static string Config(UpstreamProcess? upstream) => upstream is null
        ? TestConfigs.Header + $"""
              {Connector}:
                kind: mcp-stdio
                command: dotnet
                args: ["{TestPaths.TestUpstreamDll}", "--protocol", "2026-07-28"]

            """
        : TestConfigs.Header + TestConfigs.HttpUpstream(Connector, upstream.Endpoint.ToString());

    private static Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(GatewayProcess gateway, string path, string tool, JsonObject capabilities)
    {
        var parameters = new JsonObject
        {
            ["name"] = tool,
            ["arguments"] = new JsonObject(),
            ["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
                ["io.modelcontextprotocol/clientCapabilities"] = capabilities,
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "capability-test", ["version"] = "1" },
            },
        };
        return StatelessRevisionTests.PostAsync(gateway, path, "tools/call", parameters, tool, withMeta: false);
    }
}
