namespace McpGateway.Connectors.Configuration;

/// <summary>
/// One entry of <c>policy.limits</c>: how many calls one subject (an API key, an agent, a tool or a connector) may make
/// per window, and how many at once. Counted in the store, so every replica on it shares the count.
/// </summary>
public sealed record LimitConfig
{
    /// <summary>The limit's name: names its counters in the store and the refusal; unique in the file.</summary>
    public required string Name { get; init; }

    /// <summary>What one count belongs to: <c>key</c>, <c>agent</c>, <c>tool</c> or <c>connector</c>.</summary>
    public required string By { get; init; }

    /// <summary>Globs over exported tool names (<c>crm__*</c>) the limit applies to; empty: every tool.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Calls allowed per <see cref="Per"/>; null: no request limit.</summary>
    public int? Requests { get; init; }

    /// <summary>The window <see cref="Requests"/> are counted in (fixed windows aligned to the epoch).</summary>
    public TimeSpan? Per { get; init; }

    /// <summary>Calls allowed in flight at once; null: no concurrency limit.</summary>
    public int? Concurrent { get; init; }

    /// <summary>Where it is in the file, for errors.</summary>
    public string Path { get; init; } = "";
}
