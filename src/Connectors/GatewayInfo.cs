namespace McpGateway.Connectors;

/// <summary>The gateway's identity as it presents itself to upstreams and clients.</summary>
public static class GatewayInfo
{
    /// <summary>Implementation name.</summary>
    public const string Name = "mcpgw";

    /// <summary>Implementation version.</summary>
    public const string Version = "0.1.0";
}
