namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>One entry of a tool's pin history: pinned when first seen, a changed definition seen, or a change accepted.</summary>
public sealed record ToolPinEvent
{
    /// <summary>A tool was seen for the first time and its definition pinned.</summary>
    public const string Pinned = "pinned";

    /// <summary>An upstream listed a definition other than the pinned one: the tool is quarantined.</summary>
    public const string Changed = "changed";

    /// <summary>A changed definition was accepted (by an operator, or by <c>pinning: auto</c>).</summary>
    public const string Accepted = "accepted";

    /// <summary>The connector.</summary>
    public required string Connector { get; init; }

    /// <summary>The upstream's tool name.</summary>
    public required string Tool { get; init; }

    /// <summary><see cref="Pinned"/>, <see cref="Changed"/> or <see cref="Accepted"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The definition hash pinned, seen or accepted.</summary>
    public required string Hash { get; init; }

    /// <summary>The hash pinned before (changed, accepted), else null.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>Who: <c>first seen</c>, <c>pinning: auto</c>, <c>upstream</c> or an operator's agent name.</summary>
    public required string Actor { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }
}
