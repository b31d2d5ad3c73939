using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Secrets;

/// <summary>
/// A real loopback OAuth 2.0 authorization server's token endpoint (HttpListener): answers <c>grant_type=refresh_token</c>
/// for the client it knows, rotating the refresh token each time (tok-N, ref-N), and refuses a used or unknown one with
/// <c>invalid_grant</c> as RFC 6749 §5.2 says.
/// </summary>
internal sealed class TestAuthorizationServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly Func<int, int> _lifetimeSeconds;
    private readonly Lock _gate = new();
    private string _refreshToken;
    private int _issued = 1;

    public TestAuthorizationServer(string clientId, string clientSecret, string refreshToken, Func<int, int> lifetimeSeconds)
    {
        _clientId = clientId;
        _clientSecret = clientSecret;
        _refreshToken = refreshToken;
        _lifetimeSeconds = lifetimeSeconds;
        var url = $"http://127.0.0.1:{HttpSink.FreePort()}/";
        _listener.Prefixes.Add(url);
        _listener.Start();
        TokenUrl = url + "oauth/token";
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The token endpoint.</summary>
    public string TokenUrl { get; }

    /// <summary>Each request: its Authorization header and form body.</summary>
    public ConcurrentQueue<(string? Authorization, string Form)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var form = await reader.ReadToEndAsync();
            var authorization = context.Request.Headers["Authorization"];
            Requests.Enqueue((authorization, form));
            var (status, body) = Answer(authorization, form);
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, JsonObject Body) Answer(string? authorization, string form)
    {
        var fields = form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_clientId + ":" + _clientSecret));
        if (authorization != basic)
        {
            return (401, new JsonObject { ["error"] = "invalid_client" });
        }

        lock (_gate)
        {
            if (fields.GetValueOrDefault("grant_type") != "refresh_token" || fields.GetValueOrDefault("refresh_token") != _refreshToken)
            {
                return (400, new JsonObject { ["error"] = "invalid_grant" });
            }

            _issued++;
            _refreshToken = $"ref-{_issued}";
            return (200, new JsonObject
            {
                ["access_token"] = $"tok-{_issued}",
                ["token_type"] = "Bearer",
                ["expires_in"] = _lifetimeSeconds(_issued),
                ["refresh_token"] = _refreshToken,
            });
        }
    }
}
