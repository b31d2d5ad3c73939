namespace McpGateway.Policy.Stages.RateLimit;

/// <summary>What one subject uses of one limit now, as <see cref="IRateLimitStore.ListUsageAsync"/> reads it.</summary>
public sealed record RateLimitUsage
{
    /// <summary>The limit's name.</summary>
    public required string Limit { get; init; }

    /// <summary>Whom the count belongs to: a key id, an agent, a tool or a connector.</summary>
    public required string Subject { get; init; }

    /// <summary>Calls counted in the current window (0 when none).</summary>
    public int Requests { get; init; }

    /// <summary>When the current window ends (null when it has no counted call).</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Calls in flight now.</summary>
    public int InFlight { get; init; }
}
