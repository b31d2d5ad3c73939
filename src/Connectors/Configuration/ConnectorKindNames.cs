namespace McpGateway.Connectors.Configuration;

/// <summary>The names <c>kind:</c> takes in <c>connectors.yaml</c>, one per <see cref="ConnectorKind"/>.</summary>
public static class ConnectorKindNames
{
    /// <summary>Every kind's name, in the order errors list them.</summary>
    public static readonly IReadOnlyList<string> All = ["mcp-stdio", "mcp-http", "openapi", "sql"];

    /// <summary>The kind's name as written in the file.</summary>
    public static string Name(this ConnectorKind kind) => kind switch
    {
        ConnectorKind.McpStdio => "mcp-stdio",
        ConnectorKind.McpHttp => "mcp-http",
        ConnectorKind.OpenApi => "openapi",
        _ => "sql",
    };

    /// <summary>The kind a name denotes, or null.</summary>
    public static ConnectorKind? Parse(string? name) => name switch
    {
        "mcp-stdio" => ConnectorKind.McpStdio,
        "mcp-http" => ConnectorKind.McpHttp,
        "openapi" => ConnectorKind.OpenApi,
        "sql" => ConnectorKind.Sql,
        _ => null,
    };
}
