namespace McpGateway.Connectors.Configuration;

/// <summary>How the gateway reaches an upstream.</summary>
public enum ConnectorKind
{
    /// <summary>A supervised child process speaking MCP over stdin/stdout.</summary>
    McpStdio,

    /// <summary>A remote MCP server over Streamable HTTP.</summary>
    McpHttp,

    /// <summary>An HTTP API described by an OpenAPI 3.x document: each operation a tool.</summary>
    OpenApi,

    /// <summary>Named parameterized queries against PostgreSQL or SQLite: each query a tool.</summary>
    Sql,
}
