using System.Net;
using System.Text;
using System.Text.Json;

namespace McpGateway.IntegrationTests;

/// <summary>Bad requests at the Streamable HTTP endpoint: each gets a clear error and the gateway keeps serving.</summary>
public sealed class HttpEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Post_UnknownSession_Is404()
    {
        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session: "no-such-session");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Session not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedJson_Is400WithParseError()
    {
        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":1,"method":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-32700, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Post_NotJsonRpc_Is400()
    {
        using var response = await PostAsync("/mcp", """{"hello":"world"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutSessionAndNotInitialize_Is400()
    {
        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("initialize", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongAccept_Is406()
    {
        using var response = await PostAsync("/mcp", Initialize, accept: "application/json");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Post_TenMegabyteBody_Is413AndGatewayKeepsServing()
    {
        var huge = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"demo__echo","arguments":{"text":""" + "\"" + new string('x', 10 * 1024 * 1024) + "\"}}}";

        // Expect: 100-continue lets the client read the 413 before it uploads; without it the gateway still
        // answers 413 and closes the connection mid-upload, which HttpClient reports as a broken pipe.
        using var request = Request("/mcp", huge);
        request.Headers.ExpectContinue = true;
        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var client = await Gateway.ConnectAsync();
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Fact]
    public async Task Post_ForeignOrigin_Is403()
    {
        using var response = await PostAsync("/mcp", Initialize, origin: "http://evil.example.com");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_ForeignHost_Is403()
    {
        using var request = Request("/mcp", Initialize);
        request.Headers.Host = "evil.example.com";

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_LoopbackOrigin_CreatesSession()
    {
        using var response = await PostAsync("/mcp", Initialize, origin: Gateway.BaseUrl.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Mcp-Session-Id"));
    }

    [Fact]
    public async Task Post_UnknownConnectorPath_Is404()
    {
        using var response = await PostAsync("/c/nope/mcp", Initialize);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Session_FromOneEndpoint_IsUnknownOnAnother()
    {
        using var init = await PostAsync("/c/demo/mcp", Initialize);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();

        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session: session);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delete_EndsSession_ThenItIs404()
    {
        using var init = await PostAsync("/mcp", Initialize);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, Gateway.Url("/mcp"));
        delete.Headers.Add("Mcp-Session-Id", session);

        using var deleted = await Gateway.Http.SendAsync(delete);
        using var after = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session: session);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task ToolsCall_WrongParamTypes_IsJsonRpcErrorNotCrash()
    {
        using var init = await PostAsync("/mcp", Initialize);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();

        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":123,"arguments":"not an object"}}""", session: session);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        await using var client = await Gateway.ConnectAsync();
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Fact]
    public async Task Initialize_ParamsAnArray_Is400InvalidParamsNamingTheShape()
    {
        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":[1,2]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("params as an object", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
    }

    [Fact]
    public async Task Initialize_ParamsMissingProtocolVersion_Is400InvalidParams()
    {
        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("protocolVersion", (await ErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_ThreeMegabyteClientInfo_IsRefusedAndNoSessionKept()
    {
        var body = Initialize.Replace("\"name\":\"raw\"", $"\"name\":\"{new string('x', 3_500_000)}\"", StringComparison.Ordinal);
        var before = (await Gateway.StatusAsync()).GetProperty("sessions").GetInt32();

        using var response = await PostAsync("/mcp", body);
        var after = (await Gateway.StatusAsync()).GetProperty("sessions").GetInt32();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ErrorAsync(response)).GetProperty("message").GetString();
        Assert.Contains("clientInfo is 3500", message, StringComparison.Ordinal);
        Assert.Contains("at most 8192 bytes", message, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.True(after <= before, $"sessions went from {before} to {after}");
    }

    [Fact]
    public async Task Request_LargePerRequestClientInfo_IsRefused()
    {
        using var init = await PostAsync("/mcp", Initialize);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();
        var info = $$"""{"name":"{{new string('x', 20_000)}}","version":"1"}""";

        using var response = await PostAsync("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/clientInfo":""" + info + "}}}", session: session);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("clientInfo", (await ErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidUtf8_Is400ParseErrorNamingUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Initialize.Replace("\"raw\"", "\"r#w\"", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url("/mcp")) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal(-32700, error.GetProperty("code").GetInt32());
        Assert.Contains("not valid UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RepeatedPropertyName_Is400ParseError()
    {
        using var response = await PostAsync("/mcp", Initialize.Replace("\"capabilities\":{}", "\"capabilities\":{},\"capabilities\":{}", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Duplicate property 'capabilities'", (await ErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TextPlainBody_Is415()
    {
        using var request = Request("/mcp", Initialize);
        request.Content = new StringContent(Initialize, Encoding.UTF8, "text/plain");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").Clone();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? session = null, string accept = "application/json, text/event-stream", string? origin = null)
    {
        var request = Request(path, body, accept);
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return Gateway.Http.SendAsync(request);
    }

    private HttpRequestMessage Request(string path, string body, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}
