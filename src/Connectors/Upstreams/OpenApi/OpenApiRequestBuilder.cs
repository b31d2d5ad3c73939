using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.OpenApi;
using ModelContextProtocol;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>
/// Builds the HTTP request for one call: path parameters substituted (escaped), query parameters appended (arrays
/// repeated), headers and cookies set, the body written in its media type, and the connector's authentication added.
/// </summary>
internal sealed class OpenApiRequestBuilder(Uri baseUrl, ResolvedAuth? auth)
{
    public HttpRequestMessage Build(OpenApiEndpoint endpoint, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        var path = new StringBuilder(endpoint.Path);
        var query = new List<string>();
        var headers = new List<(string Name, string Value)>();
        var cookies = new List<string>();
        foreach (var parameter in endpoint.Parameters)
        {
            if (!arguments.TryGetValue(parameter.Argument, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (parameter.Location == ParameterLocation.Path)
                {
                    throw new McpProtocolException($"Missing the path parameter '{parameter.Argument}'.", McpErrorCode.InvalidParams);
                }

                continue;
            }

            switch (parameter.Location)
            {
                case ParameterLocation.Path:
                    path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(Text(value)));
                    break;
                case ParameterLocation.Query:
                    var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(Text) : [Text(value)];
                    query.AddRange(items.Select(v => Uri.EscapeDataString(parameter.Name) + "=" + Uri.EscapeDataString(v)));
                    break;
                case ParameterLocation.Header:
                    headers.Add((parameter.Name, Text(value)));
                    break;
                case ParameterLocation.Cookie:
                    cookies.Add(parameter.Name + "=" + Uri.EscapeDataString(Text(value)));
                    break;
            }
        }

        if (auth is { Query: { } key })
        {
            query.Add(Uri.EscapeDataString(key.Name) + "=" + Uri.EscapeDataString(key.Value));
        }

        var url = baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path.ToString().TrimStart('/') + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var request = new HttpRequestMessage(endpoint.Method, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (cookies.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies));
        }

        auth?.Apply(request);
        if (endpoint.BodyArgument is { } bodyArgument && arguments.TryGetValue(bodyArgument, out var body) && body.ValueKind != JsonValueKind.Undefined)
        {
            request.Content = Content(body, endpoint.BodyMediaType!);
        }

        return request;
    }

    private static HttpContent Content(JsonElement body, string mediaType)
    {
        if (OpenApiToolBuilder.IsJson(mediaType))
        {
            return new StringContent(body.GetRawText(), new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" });
        }

        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && body.ValueKind == JsonValueKind.Object)
        {
            return new FormUrlEncodedContent(body.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Text(p.Value))));
        }

        // Any other media type: a string argument is the body as is.
        return new StringContent(Text(body), new MediaTypeHeaderValue(mediaType.Contains('*', StringComparison.Ordinal) ? "text/plain" : mediaType));
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };
}
