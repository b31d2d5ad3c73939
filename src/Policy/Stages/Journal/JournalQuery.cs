namespace McpGateway.Policy.Stages.Journal;

/// <summary>Filters for listing journal records; null means any.</summary>
public sealed record JournalQuery
{
    /// <summary>Exact tool name.</summary>
    public string? Tool { get; init; }

    /// <summary>Exact agent.</summary>
    public string? Agent { get; init; }

    /// <summary>Exact status (running, completed, failed, ...).</summary>
    public string? Status { get; init; }

    /// <summary>Started at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Started before.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// The (started_at, execution id) of the previous page's last record: only records after it, newest first, are
    /// listed (a keyset page; null for the first).
    /// </summary>
    public (DateTimeOffset StartedAt, string Id)? Before { get; init; }

    /// <summary>At most this many, newest first (1..1000).</summary>
    public int Limit { get; init; } = 100;
}
