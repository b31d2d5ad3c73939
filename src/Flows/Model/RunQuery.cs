namespace McpGateway.Flows.Model;

/// <summary>Filters and a page for listing runs, newest first.</summary>
public sealed record RunQuery
{
    /// <summary>Only runs of this flow id.</summary>
    public string? FlowId { get; init; }

    /// <summary>Only runs with this status.</summary>
    public string? Status { get; init; }

    /// <summary>Only runs with this origin.</summary>
    public string? Origin { get; init; }

    /// <summary>Only runs in this environment.</summary>
    public string? Environment { get; init; }

    /// <summary>Only runs created at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only runs created before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only sub-runs of this run.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>Only runs carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Page size (1..500).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The opaque cursor of the previous page's <see cref="RunPage.NextCursor"/>.</summary>
    public string? Cursor { get; init; }
}
