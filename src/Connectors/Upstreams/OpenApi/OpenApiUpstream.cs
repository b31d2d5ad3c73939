using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams.InProcess;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>
/// An <c>openapi</c> connector's tools: each call becomes one HTTP request on the connector's own <see cref="HttpClient"/>,
/// cancelled with the call (the pipeline's timeout cancels it). A 2xx answer is the result (JSON as structured content);
/// any other answer is a tool error naming the status and the body; a request that cannot be sent at all is an upstream
/// error, which the pipeline retries when the tool is safe to repeat.
/// </summary>
internal sealed class OpenApiUpstream : IInProcessUpstream
{
    /// <summary>Answers larger than this are refused rather than held in memory.</summary>
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    /// <summary>How much of an error answer's body a tool error quotes.</summary>
    private const int MaxErrorBody = 4096;

    private readonly Dictionary<string, OpenApiEndpoint> _endpoints;
    private readonly OpenApiRequestBuilder _requests;
    private readonly HttpClient _http;
    private readonly SecretValues _secrets;

    public OpenApiUpstream(IReadOnlyList<OpenApiEndpoint> endpoints, Uri baseUrl, ResolvedAuth? auth, SecretValues secrets)
    {
        _endpoints = endpoints.ToDictionary(e => e.Tool.Name, StringComparer.Ordinal);
        Tools = [.. endpoints.Select(e => e.Tool)];
        _requests = new OpenApiRequestBuilder(baseUrl, auth);
        _secrets = secrets;
        if (auth?.EncodedSecret is { } encoded)
        {
            secrets.Add(encoded);
        }

        // The pipeline owns timeouts (per tool, cancelling the call), so the client has none of its own.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public IReadOnlyList<ModelContextProtocol.Protocol.Tool> Tools { get; }

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams request, CancellationToken cancellationToken)
    {
        if (!_endpoints.TryGetValue(request.Name, out var endpoint))
        {
            throw new McpProtocolException($"Unknown tool: '{request.Name}'", McpErrorCode.InvalidParams);
        }

        using var message = _requests.Build(endpoint, request.Arguments);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new McpProtocolException(_secrets.Redact($"The API could not be reached ({endpoint.Method.Method} {endpoint.Path}): {ex.Message}"), McpErrorCode.InternalError);
        }

        using (response)
        {
            var body = await ReadAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? Success(endpoint, response.Content.Headers.ContentType, body) : Failure(endpoint, status, response.ReasonPhrase, body);
        }
    }

    private static CallToolResult Success(OpenApiEndpoint endpoint, MediaTypeHeaderValue? type, string body)
    {
        var result = new CallToolResult { Content = [new TextContentBlock { Text = body.Length == 0 ? "(no content)" : body }] };
        if (type?.MediaType is { } media && OpenApiToolBuilder.IsJson(media) && TryParse(body) is { } json)
        {
            var structured = json is JsonObject && !endpoint.WrapsOutput ? json : new JsonObject { ["result"] = json };
            result.StructuredContent = JsonSerializer.SerializeToElement(structured);
        }

        return result;
    }

    private CallToolResult Failure(OpenApiEndpoint endpoint, int status, string? reason, string body)
    {
        var quoted = body.Length > MaxErrorBody ? body[..MaxErrorBody] + "…" : body;

        // An API may echo what it was sent; the connector's secrets never leave in an error.
        quoted = _secrets.Redact(quoted);
        var text = $"HTTP {status}{(string.IsNullOrEmpty(reason) ? "" : " " + reason)} from {endpoint.Method.Method} {endpoint.Path}: {(quoted.Length == 0 ? "(empty body)" : quoted)}";
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["status"] = status, ["body"] = TryParse(quoted) ?? quoted }),
        };
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new McpProtocolException($"The API's answer is larger than {MaxResponseBytes / (1024 * 1024)} MB; refused.", McpErrorCode.InternalError);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new McpProtocolException($"The API's answer is larger than {MaxResponseBytes / (1024 * 1024)} MB; refused.", McpErrorCode.InternalError);
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
