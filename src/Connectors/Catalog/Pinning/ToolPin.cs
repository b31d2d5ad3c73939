namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>A tool's accepted definition, kept in the store: what its upstream must keep listing to stay listed here.</summary>
public sealed record ToolPin
{
    /// <summary>The connector.</summary>
    public required string Connector { get; init; }

    /// <summary>The upstream's tool name.</summary>
    public required string Tool { get; init; }

    /// <summary>SHA-256 of <see cref="DefinitionJson"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>The accepted definition (<see cref="ToolDefinition.CanonicalJson"/>), kept so the change can be shown.</summary>
    public required string DefinitionJson { get; init; }

    /// <summary>When this definition was pinned or accepted.</summary>
    public required DateTimeOffset PinnedAt { get; init; }

    /// <summary>Who pinned or accepted it: <c>first seen</c>, <c>pinning: auto</c>, or an operator's agent name.</summary>
    public required string PinnedBy { get; init; }
}
