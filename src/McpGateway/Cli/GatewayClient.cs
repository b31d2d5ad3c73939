using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>The admin API of a running gateway, for CLI commands: base URL from <c>--url</c> or the config, key from <c>--key</c> or <c>MCPGW_KEY</c>.</summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    private GatewayClient(HttpClient http) => _http = http;

    public static Option<string?> UrlOption() => new("--url") { Description = "Gateway base URL (default: gateway.listen from the config)" };

    public static Option<string?> KeyOption() => new("--key") { Description = "API key (default: MCPGW_KEY)" };

    public static GatewayClient? Create(string configPath, string? url, string? key)
    {
        if (url is null)
        {
            var config = ConfigFile.TryLoad(configPath);
            if (config is null)
            {
                return null;
            }

            url = config.Server.Listen;
        }

        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        key ??= Environment.GetEnvironmentVariable("MCPGW_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new GatewayClient(http);
    }

    /// <summary>Sends a request; prints the JSON answer (or the problem) and returns the exit code.</summary>
    public async Task<(int Exit, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                json = JsonValue.Create(text);
            }

            if (!response.IsSuccessStatusCode && (int)response.StatusCode != 202)
            {
                await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {json?["detail"] ?? text}");
                return (1, json);
            }

            return (0, json);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the gateway at {_http.BaseAddress}: {ex.Message}");
            return (1, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
