using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests;

/// <summary>
/// The SDK client (2.4.0) asks for the stateless revision 2026-07-28 first. The tests of the session revision's features
/// (session binding, server-to-client requests, list_changed on a session) pin 2025-11-25; the stateless revision has
/// tests of its own (StatelessRevisionTests).
/// </summary>
internal static class TestClients
{
    /// <summary>The newest revision with sessions.</summary>
    public const string SessionRevision = "2025-11-25";

    /// <summary>The stateless revision.</summary>
    public const string StatelessRevision = "2026-07-28";

    /// <summary>An SDK client of the stateless revision on <paramref name="path"/> of <paramref name="gateway"/> (no session).</summary>
    public static Task<McpClient> ConnectStatelessAsync(GatewayProcess gateway, string path) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = gateway.Url(path), TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = StatelessRevision });

    /// <summary><paramref name="options"/> (or new ones) pinned to <see cref="SessionRevision"/> unless they name a revision.</summary>
    public static McpClientOptions Sessions(McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion ??= SessionRevision;
        return options;
    }
}
