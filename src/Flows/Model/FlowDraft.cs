using System.Text.Json.Nodes;

namespace McpGateway.Flows.Model;

/// <summary>What creating a flow takes: the flow's fields and, optionally, its first version's definition.</summary>
public sealed record FlowDraft
{
    /// <summary>The unique slug.</summary>
    public required string Name { get; init; }

    /// <summary>The caller's stable id for the flow (unique when set), or null.</summary>
    public string? ExternalId { get; init; }

    /// <summary>What it does.</summary>
    public string? Description { get; init; }

    /// <summary>A folder id or name.</summary>
    public string? Folder { get; init; }

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Version 1's definition, if given.</summary>
    public JsonObject? Definition { get; init; }

    /// <summary>Version 1's notes.</summary>
    public string? Notes { get; init; }

    /// <summary>Who creates it.</summary>
    public FlowActor? Actor { get; init; }
}
