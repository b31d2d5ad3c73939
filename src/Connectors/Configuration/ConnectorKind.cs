namespace McpGateway.Connectors.Configuration;

/// <summary>How the gateway reaches an upstream.</summary>
public enum ConnectorKind
{
    /// <summary>A supervised child process speaking MCP over stdin/stdout.</summary>
    McpStdio,

    /// <summary>A remote MCP server over Streamable HTTP.</summary>
    McpHttp,
}
