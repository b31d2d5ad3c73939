using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>One client session on any transport: its server, its view (aggregated or one connector) and its subscriptions.</summary>
internal sealed class McpSession(McpServer server, string? connectorScope)
{
    public McpServer Server { get; } = server;

    /// <summary>Null for the aggregated endpoint; the connector for <c>/c/{connector}/mcp</c>.</summary>
    public string? ConnectorScope { get; } = connectorScope;

    /// <summary>(connector, upstream URI) pairs this session subscribed to.</summary>
    public ConcurrentDictionary<(string Connector, string Uri), byte> Subscriptions { get; } = new();

    /// <summary>The level set by logging/setLevel; null means the client asked for no log messages.</summary>
    public LoggingLevel? LogLevel { get; set; }

    public bool Sees(string connector) => ConnectorScope is null || ConnectorScope == connector;
}
