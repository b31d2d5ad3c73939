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

    /// <summary><paramref name="options"/> (or new ones) pinned to <see cref="SessionRevision"/> unless they name a revision.</summary>
    public static McpClientOptions Sessions(McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion ??= SessionRevision;
        return options;
    }
}
