using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Secrets;

/// <summary>
/// A real loopback OAuth 2.0 authorization server's token endpoint (an <see cref="HttpSink"/> that answers): it answers
/// <c>grant_type=refresh_token</c> for the client it knows, rotating the refresh token each time (tok-N, ref-N), and
/// refuses a used or unknown one with <c>invalid_grant</c> as RFC 6749 §5.2 says.
/// </summary>
internal sealed class TestAuthorizationServer : IDisposable
{
    private readonly HttpSink _sink;
    private readonly string _basic;
    private readonly Func<int, int> _lifetimeSeconds;
    private readonly Lock _gate = new();
    private string _refreshToken;
    private int _issued = 1;

    public TestAuthorizationServer(string clientId, string clientSecret, string refreshToken, Func<int, int> lifetimeSeconds)
    {
        _basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret));
        _refreshToken = refreshToken;
        _lifetimeSeconds = lifetimeSeconds;
        _sink = new HttpSink(Answer);
        TokenUrl = _sink.Url + "oauth/token";
    }

    /// <summary>The token endpoint.</summary>
    public string TokenUrl { get; }

    /// <summary>Each request: its Authorization header and form body.</summary>
    public ConcurrentQueue<(string? Authorization, string Form)> Requests { get; } = new();

    public void Dispose() => _sink.Dispose();

    private (int Status, string? Json) Answer(HttpListenerRequest request, byte[] body)
    {
        var form = Encoding.UTF8.GetString(body);
        var authorization = request.Headers["Authorization"];
        Requests.Enqueue((authorization, form));
        var fields = form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
        if (authorization != _basic)
        {
            return (401, new JsonObject { ["error"] = "invalid_client" }.ToJsonString());
        }

        lock (_gate)
        {
            if (fields.GetValueOrDefault("grant_type") != "refresh_token" || fields.GetValueOrDefault("refresh_token") != _refreshToken)
            {
                return (400, new JsonObject { ["error"] = "invalid_grant" }.ToJsonString());
            }

            _issued++;
            _refreshToken = $"ref-{_issued}";
            return (200, new JsonObject
            {
                ["access_token"] = $"tok-{_issued}",
                ["token_type"] = "Bearer",
                ["expires_in"] = _lifetimeSeconds(_issued),
                ["refresh_token"] = _refreshToken,
            }.ToJsonString());
        }
    }
}
