using System.Reflection;

namespace McpGateway.Connectors;

/// <summary>The gateway's identity as it presents itself to upstreams and clients.</summary>
public static class GatewayInfo
{
    /// <summary>Implementation name.</summary>
    public const string Name = "mcpgw";

    /// <summary>
    /// Implementation version: the build's one version (Directory.Build.targets), so <c>mcpgw --version</c>, the tool
    /// package, <c>/v1/status</c> and MCP <c>serverInfo</c> say the same.
    /// </summary>
    public static string Version { get; } =
        typeof(GatewayInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The MCP revision the gateway speaks to upstreams and offers clients (see DESIGN.md).</summary>
    public const string ProtocolVersion = "2025-11-25";
}
