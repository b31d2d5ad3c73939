using System.Net;
using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>How the bench builds its SDK clients: one shared HTTP connection pool and one protocol revision.</summary>
internal static class BenchClients
{
    public const string ProtocolVersion = "2025-11-25";

    /// <summary>The stateless revision: no session, every call carries its own <c>_meta</c> and headers.</summary>
    public const string StatelessVersion = "2026-07-28";

    public static McpClientOptions Options => new() { ProtocolVersion = ProtocolVersion };

    /// <summary>
    /// One pool for every session: enough connections for c=16 plus the idle sessions' GET streams, no proxy, and no
    /// overall timeout, since a GET stream stays open for the life of its session.
    /// </summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static Task<McpClient> ConnectHttpAsync(
        HttpClient http, Uri endpoint, bool getStream, CancellationToken ct, string? apiKey = null, string protocolVersion = ProtocolVersion)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                EnableStandaloneGetStream = getStream,
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            },
            http);
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: ct);
    }
}
