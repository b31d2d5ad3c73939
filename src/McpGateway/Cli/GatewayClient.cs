using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// The REST API of a running gateway, for CLI commands. The gateway is found by <c>--url</c>, then <c>MCPGW_URL</c>,
/// then <c>gateway.listen</c> of <c>--config</c> or of <c>./connectors.yaml</c> when it exists, then
/// <see cref="DefaultUrl"/>; the key is <c>--key</c>, then <c>MCPGW_KEY</c>.
/// </summary>
internal sealed partial class GatewayClient : IDisposable
{
    /// <summary>Where <c>mcpgw serve</c> listens when nothing else is said.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private readonly HttpClient _http;
    private readonly string _source;

    private GatewayClient(HttpClient http, string source, OutputFormat output)
    {
        _http = http;
        _source = source;
        Output = output;
    }

    /// <summary>What <c>-o</c> asked for.</summary>
    public OutputFormat Output { get; }

    public static Option<string?> UrlOption() => new("--url") { Description = $"Gateway base URL (default: MCPGW_URL, then gateway.listen of the config, then {DefaultUrl})" };

    public static Option<string?> KeyOption() => new("--key") { Description = "API key (default: MCPGW_KEY)" };

    public static Option<string?> ConfigOption() => new("--config", "-c") { Description = "A connectors.yaml whose gateway.listen to use (default: ./connectors.yaml when it exists)" };

    /// <summary>The client, or null (after one line on stderr) when the URL cannot be worked out.</summary>
    public static GatewayClient? Create(string? configPath, string? url, string? key, OutputFormat output = OutputFormat.Table)
    {
        if (Locate(configPath, url) is not { } located)
        {
            return null;
        }

        var (baseUri, source) = located;
        var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        key ??= Environment.GetEnvironmentVariable("MCPGW_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new GatewayClient(http, source, output);
    }

    /// <summary>The gateway's base URL and where it came from (<c>--url</c>, <c>MCPGW_URL</c>, the config, the default), or null after one line on stderr.</summary>
    public static (Uri Url, string Source)? Locate(string? configPath, string? url)
    {
        var source = "--url";
        if (url is null && Environment.GetEnvironmentVariable("MCPGW_URL") is { Length: > 0 } fromEnv)
        {
            (url, source) = (fromEnv, "MCPGW_URL");
        }

        if (url is null && (configPath ?? (File.Exists("connectors.yaml") ? "connectors.yaml" : null)) is { } path)
        {
            var config = ConfigFile.TryLoad(path);
            if (config is null)
            {
                return null;
            }

            (url, source) = (Reachable(config.Server.Listen), $"gateway.listen in {path}");
        }

        (url, source) = url is null ? (DefaultUrl, "the default") : (url, source);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"'{url}' ({source}) is not a gateway URL like {DefaultUrl}.");
            return null;
        }

        return (baseUri, source);
    }

    /// <summary>A listen address as a client reaches it: a wildcard host (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, <c>[::]</c>) is this machine.</summary>
    private static string Reachable(string listen)
    {
        foreach (var wildcard in new[] { "://0.0.0.0:", "://*:", "://+:", "://[::]:" })
        {
            listen = listen.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }

        return listen;
    }

    /// <summary>
    /// Sends a request and returns the exit code for its HTTP status (<see cref="ExitCodes.FromHttpStatus"/>) with the
    /// answer; an error's detail goes to stderr as one line.
    /// </summary>
    public async Task<(int Exit, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
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

            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                var detail = json?["detail"] ?? json?["message"] ?? json?["error"] ?? json?["title"];
                await Console.Error.WriteLineAsync($"{status}: {(detail is null ? text : CliOutput.Text(detail))}");
            }

            return (ExitCodes.FromHttpStatus(status), json);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the gateway at {_http.BaseAddress} ({_source}): {ex.Message}");
            return (ExitCodes.Error, null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"The gateway at {_http.BaseAddress} ({_source}) did not answer within {_http.Timeout.TotalMinutes:0} minutes.");
            return (ExitCodes.Error, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
