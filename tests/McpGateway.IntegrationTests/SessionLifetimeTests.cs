using System.Net;
using System.Text;

namespace McpGateway.IntegrationTests;

public sealed class SessionLifetimeTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
    private const string ToolsList = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

    [Fact]
    public async Task IdleSession_IsClosedAfterTimeout_ThenItIs404()
    {
        var yaml = TestConfigs.WithDemo().Replace("session_idle_timeout: 10m", "session_idle_timeout: 2s", StringComparison.Ordinal);
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");
        var session = await InitializeAsync(gateway);
        using (var fresh = await PostAsync(gateway, ToolsList, session))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        // Watch the session count, not the session: any request to it would count as activity.
        await gateway.WaitUntilAsync(async () => (await gateway.StatusAsync()).GetProperty("sessions").GetInt32() == 0, "the idle session to be closed", 30);
        using var after = await PostAsync(gateway, ToolsList, session);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task SessionCap_Reached_LeastRecentlyUsedIdleSessionIsClosed()
    {
        var yaml = TestConfigs.WithDemo().Replace("gateway:\n", "gateway:\n  max_sessions: 2\n", StringComparison.Ordinal);
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");
        var oldest = await InitializeAsync(gateway);
        var middle = await InitializeAsync(gateway);

        var newest = await InitializeAsync(gateway);

        using var first = await PostAsync(gateway, ToolsList, oldest);
        using var second = await PostAsync(gateway, ToolsList, middle);
        using var third = await PostAsync(gateway, ToolsList, newest);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    private static async Task<string> InitializeAsync(GatewayProcess gateway)
    {
        using var response = await PostAsync(gateway, Initialize, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Mcp-Session-Id").Single();
    }

    private static Task<HttpResponseMessage> PostAsync(GatewayProcess gateway, string body, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url("/mcp")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return gateway.Http.SendAsync(request);
    }
}
