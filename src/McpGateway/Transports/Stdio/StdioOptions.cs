namespace McpGateway.Transports.Stdio;

/// <summary>Settings of <c>mcpgw stdio</c>.</summary>
internal sealed class StdioOptions
{
    /// <summary>The API key (from <c>--key</c> or <c>MCPGW_KEY</c>), or null.</summary>
    public string? Key { get; init; }
}
