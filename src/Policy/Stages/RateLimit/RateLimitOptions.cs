namespace McpGateway.Policy.Stages.RateLimit;

/// <summary>Settings of the rate limit stage; the limits themselves are <c>policy.limits</c>, which reload with the file.</summary>
public sealed record RateLimitOptions
{
    /// <summary>This process's id: the slots it takes name it, so its death frees them.</summary>
    public required string InstanceId { get; init; }

    /// <summary>What a refusal by a concurrency limit tells the caller to wait: a call in flight ends at no known time.</summary>
    public TimeSpan ConcurrencyRetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
