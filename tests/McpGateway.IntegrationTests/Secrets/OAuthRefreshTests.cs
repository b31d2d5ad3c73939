using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Secrets;

/// <summary>
/// An OAUTH2 connection's access token is refreshed before it expires against a real (loopback) authorization server, the
/// rotated refresh token is used next time, the connector that uses the token reconnects with the new one, and neither
/// token reaches the log; a refused refresh is shown on the connection.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OAuthRefreshTests
{
    private const string ClientSecret = "cs-Oauth-77x";

    private static string Config => TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${secret:crm.access_token}\"\n");

    [Fact]
    public async Task OAuth2Connection_NearExpiry_RefreshedWithRotationAndTheConnectorUsesTheNewToken()
    {
        // The first refreshed token lives 20 s, so it is due again after 10 s (half its life); the next lives an hour.
        using var server = new TestAuthorizationServer("gw-client", ClientSecret, "ref-1", issued => issued == 2 ? 20 : 3600);
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);
        var (put, _) = await PutAsync(gateway, server, expiresAt: DateTimeOffset.UtcNow.AddSeconds(20));
        Assert.Equal(HttpStatusCode.Created, put);
        await File.WriteAllTextAsync(gateway.ConfigPath, Config);
        await gateway.WaitConnectedAsync("demo");
        await using var client = await gateway.ConnectAsync();

        string? seen = null;
        await gateway.WaitUntilAsync(async () => (seen = await EnvAsync(client)) == "tok-3", $"the twice-refreshed token to reach the upstream (last: {seen})", timeoutSeconds: 90);

        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("gw-client:" + ClientSecret));
        Assert.All(requests, r => Assert.Equal(basic, r.Authorization));
        Assert.Equal("grant_type=refresh_token&refresh_token=ref-1", requests[0].Form);
        Assert.Equal("grant_type=refresh_token&refresh_token=ref-2", requests[1].Form);
        var (_, connection) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connections/crm");
        Assert.True(connection["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(50), connection.ToJsonString());
        Assert.Null(connection["refresh_error"]);
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("Connection crm: access token refreshed", StringComparison.Ordinal)), "the refresh to be logged");
        foreach (var secret in (string[])["tok-2", "tok-3", "ref-2", "ref-3", ClientSecret])
        {
            Assert.DoesNotContain(secret, gateway.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OAuth2Connection_RefreshRefused_ErrorShownAndTheTokenKept()
    {
        using var server = new TestAuthorizationServer("gw-client", ClientSecret, "some-other-refresh-token", _ => 3600);
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);
        await PutAsync(gateway, server, expiresAt: DateTimeOffset.UtcNow.AddSeconds(30));

        JsonNode connection = new JsonObject();
        await gateway.WaitUntilAsync(async () => (connection = (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connections/crm")).Body)["refresh_error"] is not null,
            "the refused refresh to be recorded", timeoutSeconds: 60);

        Assert.Equal("invalid_grant (HTTP 400 from the token endpoint)", connection["refresh_error"]!.GetValue<string>());
        Assert.Contains("access_token", connection["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("Connection crm: access token refresh failed: invalid_grant", StringComparison.Ordinal)),
            "the refused refresh to be logged"); // the console log is written a moment after the store
    }

    [Fact]
    public async Task PutConnection_TokenUrlNotHttps_Refused()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);

        var (status, body) = await Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/crm", new JsonObject
        {
            ["type"] = "OAUTH2",
            ["value"] = new JsonObject { ["access_token"] = "t", ["refresh_token"] = "r", ["token_url"] = "http://auth.example.com/token" },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("'value.token_url' must be the authorization server's https token endpoint", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Task<(HttpStatusCode Status, JsonNode Body)> PutAsync(GatewayProcess gateway, TestAuthorizationServer server, DateTimeOffset expiresAt) =>
        Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/crm", new JsonObject
        {
            ["type"] = "OAUTH2",
            ["value"] = new JsonObject
            {
                ["access_token"] = "tok-1",
                ["refresh_token"] = "ref-1",
                ["client_id"] = "gw-client",
                ["client_secret"] = ClientSecret,
                ["token_url"] = server.TokenUrl,
                ["expires_at"] = expiresAt.ToString("O"),
            },
        });

    private static async Task<string?> EnvAsync(McpClient client)
    {
        try
        {
            var result = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = "DEMO_TOKEN" });
            return result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
        }
        catch (ModelContextProtocol.McpException)
        {
            return null; // the tool is briefly unknown while the connector reconnects
        }
    }
}
