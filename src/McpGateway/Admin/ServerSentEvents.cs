using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Admin;

/// <summary>Writes server-sent events to a response: numbered, one JSON document of data each, flushed at once.</summary>
internal sealed class ServerSentEvents(HttpResponse response)
{
    private int _sequence;

    public async Task WriteAsync(string name, JsonNode data, CancellationToken cancellationToken)
    {
        _sequence++;
        // ToJsonString escapes line breaks inside strings, so the data is one line, as the format needs.
        var text = string.Create(CultureInfo.InvariantCulture, $"id: {_sequence}\nevent: {name}\ndata: {data.ToJsonString()}\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A comment line, which clients ignore: keeps proxies from closing a quiet stream.</summary>
    public async Task CommentAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
