namespace McpGateway.Policy.Callers;

/// <summary>
/// A registered MCP server: a named, token-protected endpoint (<c>/s/{name}/mcp</c>) exposing the gateway tools that
/// match its globs. Only the token's SHA-256 is stored; this record never carries it.
/// </summary>
public sealed record McpServerRecord
{
    /// <summary>Unique slug; the endpoint's path segment.</summary>
    public required string Name { get; init; }

    /// <summary>What it is for.</summary>
    public string? Description { get; init; }

    /// <summary>Tool-name globs over the gateway's aggregated names (<c>demo__*</c>, <c>flow__*</c>).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>The first characters of the current token, to recognise it without revealing it.</summary>
    public required string TokenPrefix { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its token was last issued (creation or rotation).</summary>
    public required DateTimeOffset TokenIssuedAt { get; init; }
}
