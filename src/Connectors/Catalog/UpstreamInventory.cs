using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Catalog;

/// <summary>What one connected upstream offers, as last listed.</summary>
public sealed record UpstreamInventory
{
    /// <summary>Tools.</summary>
    public IReadOnlyList<Tool> Tools { get; init; } = [];

    /// <summary>Static resources.</summary>
    public IReadOnlyList<Resource> Resources { get; init; } = [];

    /// <summary>Resource templates.</summary>
    public IReadOnlyList<ResourceTemplate> ResourceTemplates { get; init; } = [];

    /// <summary>Prompts.</summary>
    public IReadOnlyList<Prompt> Prompts { get; init; } = [];

    /// <summary>
    /// The pinned definition hash of each tool, by the upstream's tool name (<see cref="Pinning.ToolPins"/>); null when
    /// pinning was not checked (no store), so nothing is quarantined.
    /// </summary>
    public IReadOnlyDictionary<string, string>? PinnedHashes { get; init; }

    /// <summary>The upstream's capabilities.</summary>
    public ServerCapabilities? Capabilities { get; init; }
}
