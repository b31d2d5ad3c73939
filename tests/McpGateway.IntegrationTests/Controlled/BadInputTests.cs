using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// Inputs that used to end in a 5xx, through the real host: each is now a 4xx (or a JSON-RPC error) naming the problem,
/// nothing runs, and a malformed request is logged as one line without a stack trace or anything the client sent.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Marker = "ZQXJ-client-input-marker";

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

    [Fact]
    public async Task MalformedRequests_AreLoggedAsOneLineEach_WithoutStackTraceOrInput()
    {
        var session = await InitializeSessionAsync();

        // Params the SDK cannot deserialize, gateway inputs in _meta that are wrong, an unknown method, an unknown tool; and REST bodies.
        (await PostMcpAsync(session, $$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"demo__echo","arguments":"{{{Marker}}}"}}""")).Dispose();
        (await PostMcpAsync(session, """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"demo__echo","arguments":{"text":"a"},"_meta":{"mcpgw/options":{"on_failure":""" + $"\"{Marker}\"}}}}}}}}")).Dispose();
        (await PostMcpAsync(session, $$$"""{"jsonrpc":"2.0","id":4,"method":"{{{Marker}}}/x","params":{}}""")).Dispose();
        (await PostMcpAsync(session, $$$"""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"demo__{{{Marker}}}","arguments":{ } } }""")).Dispose();
        await PostRawAsync("/v1/call", $$$"""{"tool":"{{{Marker}}}", "arguments": [1, 2""");
        await PostRawAsync("/v1/call", $$$"""{"tool":"demo__echo","arguments":{"text":"a"},"options":{"on_failure":"{{{Marker}}}"}}""");

        await _gateway.WaitUntilAsync(() => Task.FromResult(RefusalLines() == 4), "one log line per malformed MCP request (an unknown tool too)");
        Assert.DoesNotContain(Marker, _gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _gateway.Output, StringComparison.Ordinal);
    }

    private int RefusalLines() =>
        _gateway.Output.Split('\n').Count(l => l.Contains("Refused a malformed MCP request", StringComparison.Ordinal));

    private async Task<string> InitializeSessionAsync()
    {
        using var response = await PostMcpAsync(null,
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Mcp-Session-Id").Single();
    }

    private async Task<HttpResponseMessage> PostMcpAsync(string? session, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _gateway.Url("/mcp")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        var response = await _gateway.Http.SendAsync(request);
        _ = await response.Content.ReadAsStringAsync();
        return response;
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
