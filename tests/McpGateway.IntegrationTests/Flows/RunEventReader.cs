using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Reads a run's server-sent events (<c>GET /v1/runs/{id}/events</c>) until the stream ends.</summary>
internal static class RunEventReader
{
    /// <summary>Every event of the stream, in order, as (name, data); the status when the answer is not a stream.</summary>
    public static async Task<(HttpStatusCode Status, List<(string Name, JsonNode Data)> Events)> ReadAllAsync(HttpClient http, Uri url, int timeoutSeconds = 60)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var events = new List<(string, JsonNode)>();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, events);
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token), Encoding.UTF8);
        string? name = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name ?? "message", JsonNode.Parse(line["data: ".Length..])!));
            }
        }

        return (response.StatusCode, events);
    }
}
