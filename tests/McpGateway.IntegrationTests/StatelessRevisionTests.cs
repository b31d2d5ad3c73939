using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// MCP 2026-07-28, the stateless revision, on the Streamable HTTP endpoints: the SDK client (2.4.0) negotiates it with
/// <c>server/discover</c>, every request goes through the same pipeline and journal, any gateway process on the store
/// answers any request, and malformed requests get the errors the specification names.
/// </summary>
public sealed class StatelessRevisionTests : IAsyncLifetime
{
    private const string Revision = "2026-07-28";
    private readonly TempDirectory _state = new("mcpgw-upstream-");
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_state.Path), "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task SdkClient_AggregatedEndpoint_Negotiates2026_ListsAndCallsThroughTheJournal()
    {
        await using var client = await Connect2026Async("/mcp");

        var tools = await client.ListToolsAsync();
        var echoed = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "stateless hello" });

        Assert.Equal(Revision, client.NegotiatedProtocolVersion);
        Assert.Contains(tools, t => t.Name == "demo__echo");
        Assert.Equal("stateless hello", Assert.IsType<TextContentBlock>(echoed.Content[0]).Text);
        Assert.Contains(await JournalTests.ReadRowsAsync(_gateway, "demo__echo"), r => r.Status == "completed");
    }

    [Fact]
    public async Task SdkClient_ConnectorEndpoint_UpstreamNamesForToolsResourcesAndPrompts()
    {
        await using var client = await Connect2026Async("/c/demo/mcp");

        var tools = await client.ListToolsAsync();
        var resource = await client.ReadResourceAsync("test://static/hello");
        var prompt = await client.GetPromptAsync("greet", new Dictionary<string, object?> { ["name"] = "Ann" });

        Assert.Equal(Revision, client.NegotiatedProtocolVersion);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal("hello world", Assert.IsType<TextResourceContents>(resource.Contents[0]).Text);
        Assert.Contains("Hello, Ann!", Assert.IsType<TextContentBlock>(prompt.Messages[0].Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkClient_TwoStatelessClientsCallWithProgressAtOnce_EachGetsItsOwnProgress()
    {
        // Stateless requests of one key share a server: each request's progress must still reach its own response stream.
        await using var first = await Connect2026Async("/mcp");
        await using var second = await Connect2026Async("/mcp");
        await using var firstProgress = new ProgressRecorder(first);
        await using var secondProgress = new ProgressRecorder(second);

        var calls = await Task.WhenAll(
            first.CallToolAsync("demo__progress", new Dictionary<string, object?> { ["steps"] = 3 }, firstProgress).AsTask(),
            second.CallToolAsync("demo__progress", new Dictionary<string, object?> { ["steps"] = 2 }, secondProgress).AsTask());

        Assert.All(calls, r => Assert.NotEqual(true, r.IsError));
        await _gateway.WaitUntilAsync(() => Task.FromResult(firstProgress.Count >= 3 && secondProgress.Count >= 2), "each client's progress", 10);
        Assert.Equal([1f, 2f, 3f], firstProgress.Updates.Select(u => u.Progress).Order());
        Assert.Equal([1f, 2f], secondProgress.Updates.Select(u => u.Progress).Order());
    }

    [Fact]
    public async Task SessionClient_SameUrl_StillGetsASessionOf2025()
    {
        await using var client = await _gateway.ConnectAsync();

        Assert.Equal(TestClients.SessionRevision, client.NegotiatedProtocolVersion);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "demo__echo");
    }

    [Fact]
    public async Task Discover_AnswersTheRevisionCapabilitiesAndCachingHints()
    {
        var (status, body) = await PostAsync(_gateway, "/mcp", "server/discover", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, status);
        var result = body["result"]!;
        Assert.Equal([Revision], result["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("complete", result["resultType"]!.GetValue<string>());
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.NotNull(result["ttlMs"]);
        Assert.NotNull(result["cacheScope"]);
        Assert.Equal("mcpgw", result["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyedCallOnOneProcess_RepeatedOnAnotherSharingTheStore_Replays()
    {
        await using var beside = await _gateway.StartBesideAsync("demo");
        var args = new JsonObject { ["name"] = "demo__charge", ["arguments"] = new JsonObject { ["payment_id"] = "pay_2026", ["amount"] = 4 } };

        var (_, first) = await PostAsync(_gateway, "/mcp", "tools/call", (JsonObject)args.DeepClone(), name: "demo__charge");
        var (_, again) = await PostAsync(beside, "/mcp", "tools/call", (JsonObject)args.DeepClone(), name: "demo__charge");

        Assert.Null(first["result"]!["isError"]);
        Assert.Equal("replayed", again["result"]!["_meta"]!["mcpgw/execution"]!["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApiCharges("pay_2026"));
    }

    [Theory]
    [InlineData("v999.0.0", "tools/list", null, true, HttpStatusCode.BadRequest, -32022)]
    [InlineData(Revision, "initialize", null, true, HttpStatusCode.NotFound, -32601)]
    [InlineData(Revision, "ping", null, true, HttpStatusCode.NotFound, -32601)]
    [InlineData(Revision, "resources/subscribe", null, true, HttpStatusCode.NotFound, -32601)]
    [InlineData(Revision, "no/such_method", null, true, HttpStatusCode.NotFound, -32601)]
    [InlineData(Revision, "tools/list", null, false, HttpStatusCode.BadRequest, -32602)]
    [InlineData(Revision, "tools/call", "another_tool", true, HttpStatusCode.BadRequest, -32020)]
    public async Task MalformedRequest_AnsweredWithTheNamedErrorEchoingTheId(
        string version, string method, string? nameHeader, bool withMeta, HttpStatusCode expectedStatus, int expectedCode)
    {
        var parameters = method == "tools/call" ? new JsonObject { ["name"] = "demo__echo", ["arguments"] = new JsonObject { ["text"] = "x" } } : [];

        var (status, body) = await PostAsync(_gateway, "/mcp", method, parameters, nameHeader, version, withMeta, id: 41);

        Assert.Equal(expectedStatus, status);
        Assert.Equal(expectedCode, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(41, body["id"]!.GetValue<int>());
        if (expectedCode == -32022)
        {
            Assert.Equal([Revision], body["error"]!["data"]!["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task BodyDeclares2026WithoutTheHeader_IsAHeaderMismatch()
    {
        var (status, body) = await PostAsync(_gateway, "/mcp", "tools/list", [], version: "");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32020, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task MissingMethodHeader_IsAHeaderMismatch_NothingRuns()
    {
        var parameters = new JsonObject { ["name"] = "demo__charge", ["arguments"] = new JsonObject { ["payment_id"] = "pay_nohdr", ["amount"] = 1 } };

        var (status, body) = await PostAsync(_gateway, "/mcp", "tools/call", parameters, name: "demo__charge", methodHeader: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32020, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(0, await FlowApiCharges("pay_nohdr"));
    }

    [Fact]
    public async Task GetOrDelete_With2026Header_Is405()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, _gateway.Url("/mcp"));
            request.Headers.Add("MCP-Protocol-Version", Revision);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

            using var response = await _gateway.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("POST", response.Content.Headers.Allow);
        }
    }

    [Fact]
    public async Task ClientClosesTheStream_DuringACall_UpstreamSeesCancellation()
    {
        // In this revision a client cancels a request by closing its response stream (there is no session to notify).
        await using var observer = await Connect2026Async("/c/demo/mcp");
        var sleepsBefore = await StatAsync(observer, "sleep");
        var cancelledBefore = await StatAsync(observer, "cancelled");
        var call = new JsonObject { ["name"] = "sleep", ["arguments"] = new JsonObject { ["ms"] = 30_000 } };
        using var request = NewPost("/c/demo/mcp", RequestMethods.ToolsCall, call, "sleep");
        using var abort = new CancellationTokenSource();
        var sending = _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);

        await _gateway.WaitUntilAsync(async () => await StatAsync(observer, "sleep") > sleepsBefore, "the sleep call to reach the upstream", 15);
        await abort.CancelAsync();
        try
        {
            // Headers may have come already (the answer is a stream): disposing the response closes it.
            (await sending).Dispose();
        }
        catch (OperationCanceledException)
        {
        }

        await _gateway.WaitUntilAsync(async () => await StatAsync(observer, "cancelled") > cancelledBefore, "the upstream to see the cancellation", 15);
    }

    private static async Task<int> StatAsync(McpClient client, string name)
    {
        var stats = (await client.CallToolAsync("get_stats", new Dictionary<string, object?>())).StructuredContent!.Value;
        return name == "cancelled" ? stats.GetProperty("cancelled").GetInt32()
            : stats.GetProperty("calls").TryGetProperty(name, out var n) ? n.GetInt32() : 0;
    }

    private HttpRequestMessage NewPost(string path, string method, JsonObject parameters, string name)
    {
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Revision,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters };
        var request = new HttpRequestMessage(HttpMethod.Post, _gateway.Url(path))
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", method);
        request.Headers.Add("Mcp-Name", name);
        return request;
    }

    private Task<McpClient> Connect2026Async(string path) => TestClients.ConnectStatelessAsync(_gateway, path);

    private async Task<int> FlowApiCharges(string paymentId) =>
        (await Rest.ReadAsync(_gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId }))["charges"]!.GetValue<int>();

    /// <summary>One raw 2026 POST; the body of a JSON or a one-event SSE answer.</summary>
    internal static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(
        GatewayProcess gateway, string path, string method, JsonObject parameters, string? name = null, string version = Revision,
        bool withMeta = true, int id = 1, bool methodHeader = true)
    {
        if (withMeta)
        {
            parameters["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = Revision,
                ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw-test", ["version"] = "1" },
            };
        }

        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url(path))
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (version.Length > 0)
        {
            request.Headers.Add("MCP-Protocol-Version", version);
        }

        if (methodHeader)
        {
            request.Headers.Add("Mcp-Method", method);
        }

        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? string.Join("", text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..]))
            : text;
        return (response.StatusCode, JsonNode.Parse(json)!);
    }
}
