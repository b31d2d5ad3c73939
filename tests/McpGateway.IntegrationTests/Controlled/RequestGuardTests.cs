using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// The Origin, Host and Content-Type rules on every route, not only <c>/mcp</c>: a web page cannot make a charge through
/// <c>POST /v1/call</c> or read traces, cross-site or by DNS rebinding, and nothing runs when it tries.
/// </summary>
public sealed class RequestGuardTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Call_FromForeignOrigin_Is403AndChargesNothing()
    {
        using var request = ChargeRequest("pay_guard_origin");
        request.Headers.Add("Origin", "http://evil.example.com");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("origin 'http://evil.example.com' is not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync("pay_guard_origin"));
    }

    [Fact]
    public async Task Call_WithRebindingHost_Is403AndChargesNothing()
    {
        using var request = ChargeRequest("pay_guard_host");
        request.Headers.Host = $"evil.example.com:{Gateway.BaseUrl.Port}";

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("host 'evil.example.com' is not a loopback name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync("pay_guard_host"));
    }

    [Fact]
    public async Task Call_AsTextPlain_Is415AndChargesNothing()
    {
        using var request = ChargeRequest("pay_guard_plain", "text/plain");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync("pay_guard_plain"));
    }

    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/status")]
    [InlineData("/dashboard/approvals")]
    [InlineData("/v1/no-such-route")]
    public async Task Get_WithRebindingHost_Is403(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Gateway.Url(path));
        request.Headers.Host = "evil.example.com";

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_FromForeignOrigin_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Gateway.Url("/v1/traces"));
        request.Headers.Add("Origin", "http://evil.example.com");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_WithForeignHost_IsNotRefusedForItsHost()
    {
        // Webhook senders are other servers reaching the gateway by its public name: the Host rule is not theirs.
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url("/hooks/no-such-flow")) { Content = Json("{}") };
        request.Headers.Host = "hooks.example.com";

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_FromForeignOrigin_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url("/hooks/no-such-flow")) { Content = Json("{}") };
        request.Headers.Add("Origin", "http://evil.example.com");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Call_FromLoopbackOriginAsJson_Runs()
    {
        using var request = ChargeRequest("pay_guard_ok");
        request.Headers.Add("Origin", Gateway.BaseUrl.GetLeftPart(UriPartial.Authority));

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await ChargesAsync("pay_guard_ok"));
    }

    private HttpRequestMessage ChargeRequest(string paymentId, string mediaType = "application/json") =>
        new(HttpMethod.Post, Gateway.Url("/v1/call"))
        {
            Content = new StringContent(
                new JsonObject { ["tool"] = "demo__charge", ["arguments"] = new JsonObject { ["payment_id"] = paymentId, ["amount"] = 5 } }.ToJsonString(),
                Encoding.UTF8, mediaType),
        };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<int> ChargesAsync(string paymentId)
    {
        var found = await Rest.ReadAsync(Gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId });
        return found["charges"]!.GetValue<int>();
    }
}
