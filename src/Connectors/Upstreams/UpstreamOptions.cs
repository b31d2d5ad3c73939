namespace McpGateway.Connectors.Upstreams;

/// <summary>Supervision settings shared by every upstream connection.</summary>
public sealed record UpstreamOptions
{
    /// <summary>First restart delay.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest restart delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a connected upstream is pinged.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A ping slower than this counts as a miss; two misses in a row restart the upstream.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long initialize and the first listings may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
