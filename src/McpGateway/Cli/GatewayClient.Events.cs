using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

internal sealed partial class GatewayClient
{
    /// <summary>
    /// Reads a server-sent event stream (<c>GET <paramref name="path"/></c>) and hands each event's name and JSON data to
    /// <paramref name="onEvent"/> as it arrives, until the stream ends. Returns the exit code for the answer's HTTP status
    /// (an error's detail goes to stderr), or <see cref="ExitCodes.Error"/> when the gateway cannot be reached.
    /// </summary>
    public async Task<int> StreamEventsAsync(string path, Action<string, JsonNode> onEvent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        try
        {
            // Headers only: the body is read as it comes (HttpClient's timeout covers the wait for the headers).
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                await Console.Error.WriteLineAsync($"{status}: {ProblemDetail(text)}");
                return ExitCodes.FromHttpStatus(status);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
            string? name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0 && JsonNode.Parse(data.ToString()) is { } json)
                    {
                        onEvent(name ?? "message", json);
                    }

                    (name, data) = (null, data.Clear());
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line[5..].TrimStart());
                }
            }

            return ExitCodes.Ok;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the gateway at {_http.BaseAddress} ({_source}): {ex.Message}");
            return ExitCodes.Error;
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"The stream from the gateway at {_http.BaseAddress} broke: {ex.Message}");
            return ExitCodes.Error;
        }
    }

    private static string ProblemDetail(string text)
    {
        try
        {
            var json = JsonNode.Parse(text);
            return CliOutput.Text(json?["detail"] ?? json?["title"]) is { Length: > 0 } detail ? detail : text;
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
    }
}
