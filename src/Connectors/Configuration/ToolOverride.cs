namespace McpGateway.Connectors.Configuration;

/// <summary>Per-tool settings from <c>connectors.yaml</c> that override the upstream's definition.</summary>
public sealed record ToolOverride
{
    /// <summary>Replaces the tool's title.</summary>
    public string? Title { get; init; }

    /// <summary>Replaces the tool's description.</summary>
    public string? Description { get; init; }

    /// <summary>Overrides the read-only hint.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>Overrides the destructive hint.</summary>
    public bool? Destructive { get; init; }

    /// <summary>Overrides the idempotent hint.</summary>
    public bool? Idempotent { get; init; }

    /// <summary>low, medium or high.</summary>
    public string? Risk { get; init; }

    /// <summary>Per-call timeout for this tool.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>False hides the tool from the catalog.</summary>
    public bool Enabled { get; init; } = true;
}
