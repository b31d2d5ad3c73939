using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// A 750 KB condition (<c>a or a or …</c>, 150,000 terms) used to overflow the gateway's stack when evaluated. Through
/// every surface that takes one it is now a 4xx (or a JSON-RPC error) naming the limit, and the gateway keeps serving.
/// </summary>
public sealed class ExpressionLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string LongChain = string.Join(" or ", Enumerable.Repeat("a", 150_000));

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task StateVerify_OrChainOf150000Terms_Is400NamingTheLimit_AndTheGatewayServes()
    {
        var (status, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/state/verify", new JsonObject
        {
            ["state"] = new JsonObject { ["a"] = false },
            ["conditions"] = new JsonArray(LongChain),
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 16384 characters", Detail(body), StringComparison.Ordinal);
        Assert.True(Detail(body).Length < 500, Detail(body));
        await AssertServingAsync();
    }

    [Fact]
    public async Task StateVerify_DeeplyNestedCondition_Is400NamingTheDepthLimit()
    {
        var deep = new string('(', 5_000) + "a" + new string(')', 5_000);

        var (status, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/state/verify", new JsonObject
        {
            ["state"] = new JsonObject { ["a"] = true },
            ["conditions"] = new JsonArray(deep),
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nests more than 64 levels", Detail(body), StringComparison.Ordinal);
        await AssertServingAsync();
    }

    [Fact]
    public async Task Call_OptionsVerifyWithOrChainOf150000Terms_Is400NamingTheLimit_AndNothingRuns()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = "never" }, extra: new JsonObject
        {
            ["options"] = new JsonObject { ["verify"] = new JsonObject { ["state"] = new JsonObject { ["a"] = true }, ["conditions"] = new JsonArray(LongChain) } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 16384 characters", Detail(body), StringComparison.Ordinal);
        await AssertServingAsync();
    }

    [Fact]
    public async Task McpMeta_OptionsVerifyWithOrChainOf150000Terms_IsInvalidParamsNamingTheLimit()
    {
        await using var client = await Gateway.ConnectAsync();
        var meta = new RequestOptions
        {
            Meta = new JsonObject { ["mcpgw/options"] = new JsonObject { ["verify"] = new JsonObject { ["conditions"] = new JsonArray(LongChain) } } },
        };

        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "never" }, null, meta).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("the limit is 16384 characters", error.Message, StringComparison.Ordinal);
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "still here" });
        Assert.Equal("still here", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    private static string Detail(JsonNode body) => body["detail"]?.GetValue<string>() ?? body.ToJsonString();

    private async Task AssertServingAsync()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = "still here" });
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
    }
}
