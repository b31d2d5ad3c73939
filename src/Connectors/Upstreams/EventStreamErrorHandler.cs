using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Lets the SDK client read a 2026-07-28 upstream's JSON-RPC error that came with a 4xx status as an event stream. The
/// specification gives some errors a status of their own (-32021 → 400); the SDK's server writes them as an event
/// stream, and the SDK's client reads an error body only from <c>application/json</c> (otherwise the call fails as an HTTP
/// error and its outcome would be unknown). Such a response is handed on as the JSON of its one message.
/// </summary>
internal sealed class EventStreamErrorHandler : DelegatingHandler
{
    // An error event is a few hundred bytes; anything much larger is not one and is left as it is.
    private const int MaxErrorLength = 64 * 1024;

    public EventStreamErrorHandler()
        : base(new SocketsHttpHandler())
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "text/event-stream" ||
            response.Content.Headers.ContentLength > MaxErrorLength)
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var data = string.Join("\n", text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()));
        JsonNode? message = null;
        try
        {
            message = text.Length <= MaxErrorLength && data.Length > 0 ? JsonNode.Parse(data) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        // The body was read: it goes on as the JSON message when it is one, else as the text it was.
        var content = message is JsonObject { } error && error.ContainsKey("error")
            ? new StringContent(data, Encoding.UTF8, "application/json")
            : new StringContent(text, Encoding.UTF8, "text/event-stream");
        response.Content = content;
        return response;
    }
}
