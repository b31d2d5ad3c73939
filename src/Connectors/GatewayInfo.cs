namespace McpGateway.Connectors;

/// <summary>The gateway's identity as it presents itself to upstreams and clients.</summary>
public static class GatewayInfo
{
    /// <summary>Implementation name.</summary>
    public const string Name = "mcpgw";

    /// <summary>Implementation version.</summary>
    public const string Version = "0.1.0";

    /// <summary>The MCP revision the gateway speaks to upstreams and offers clients (see DESIGN.md).</summary>
    public const string ProtocolVersion = "2025-11-25";
}
