namespace McpGateway.Connectors.Configuration;

/// <summary>Default values for host settings, in one place.</summary>
internal static class GatewayDefaults
{
    /// <summary>Default listen URL.</summary>
    public const string Listen = "http://127.0.0.1:8080";

    /// <summary>Default data directory.</summary>
    public const string DataDir = "./data";

    /// <summary>Default session cap.</summary>
    public const int MaxSessions = 10_000;

    /// <summary>Default idle session timeout.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Default request body limit (4 MiB).</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>Default per-call timeout when neither the tool nor the connector sets one.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Default hard cap on retries.</summary>
    public const int MaxRetries = 5;

    /// <summary>Default first retry delay.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Default idempotency window.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>Default approval lifetime.</summary>
    public static readonly TimeSpan ApprovalExpiresIn = TimeSpan.FromHours(24);

    /// <summary>Default failures in a row that open a connector's circuit.</summary>
    public const int BreakerFailures = 5;

    /// <summary>Default open-circuit duration.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>Default flow files directory.</summary>
    public const string FlowsDir = "./flows";

    /// <summary>Default engine-wide run concurrency.</summary>
    public const int MaxConcurrentRuns = 16;

    /// <summary>Default shutdown grace for running flow nodes.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    /// <summary>Default heartbeat expiry of a gateway process (its work is recovered by another after this).</summary>
    public static readonly TimeSpan InstanceExpiry = TimeSpan.FromSeconds(30);

    /// <summary>Default time a client has to answer an input request (the requestState's expiry and the hold of an upstream call).</summary>
    public static readonly TimeSpan RequestStateExpiry = TimeSpan.FromMinutes(5);

    /// <summary>How long the first listing, or a call to a starting connector's tool, waits for connectors still starting.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(10);
}
