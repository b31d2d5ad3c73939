using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Inputs that used to end in a 5xx, through the real host: each is now a 4xx (or a JSON-RPC error) naming the problem,
/// and nothing runs.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    // A lookahead forces the backtracking engine; (a+)+ before a failing end backtracks exponentially on "aaa…a!".
    private const string Policy = """
        policy:
          rules:
            - when: "tool == 'demo__charge' and args.payment_id matches '^(?=(a+)+$)'"
              action: deny
              reason: "no such payments"

        """;

    private static readonly string Backtracking = new string('a', 40) + "!";

    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo() + Policy, "demo");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("1e308")]
    [InlineData("\"99999999999999999999999h\"")]
    [InlineData("100000000")]
    public async Task Call_HugeTimeout_Is400NamingOptionsTimeout(string timeout)
    {
        var (status, body) = await PostRawAsync("/v1/call", """{"tool":"demo__echo","arguments":{"text":"x"},"options":{"timeout":""" + timeout + "}}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("options.timeout", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_InvalidUtf8_Is400NamingUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"tool":"demo__echo","arguments":{"text":"#"}}""");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;

        var (status, body) = await PostRawAsync("/v1/call", bytes);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid UTF-8", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_RepeatedPropertyName_Is400NamingIt()
    {
        var (status, body) = await PostRawAsync("/v1/call", """{"tool":"demo__echo","tool":"demo__add","arguments":{"text":"x"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Duplicate property 'tool'", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_RuleRegexTimesOut_Is422AndChargesNothing()
    {
        var (status, body) = await Rest.CallAsync(_gateway, "demo__charge", new JsonObject { ["payment_id"] = Backtracking, ["amount"] = 5 });
        var found = await Rest.ReadAsync(_gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = Backtracking });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("global[0] could not be checked", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(body["trace"]!.AsArray(), d => d!["stage"]!.GetValue<string>() == "upstream");
        Assert.Equal(0, found["charges"]!.GetValue<int>());
    }

    [Fact]
    public async Task Simulate_RuleRegexTimesOut_AnswersBlocked()
    {
        var (status, body) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/policy/simulate",
            new JsonObject { ["tool"] = "demo__charge", ["arguments"] = new JsonObject { ["payment_id"] = Backtracking, ["amount"] = 5 } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("blocked", body["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_ConditionRegexTimesOut_AbortsNamingTheCondition()
    {
        var (status, body) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/state/verify", new JsonObject
        {
            ["state"] = new JsonObject { ["code"] = Backtracking },
            ["conditions"] = new JsonArray("code matches '^(?=(a+)+$)'"),
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abort", body["decision"]!.GetValue<string>());
        Assert.Contains("undecidable", body["failed_conditions"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private Task<(HttpStatusCode Status, string Body)> PostRawAsync(string path, string body) => PostRawAsync(path, Encoding.UTF8.GetBytes(body));

    private async Task<(HttpStatusCode Status, string Body)> PostRawAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _gateway.Http.PostAsync(_gateway.Url(path), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
