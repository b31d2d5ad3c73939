namespace McpGateway.Connectors.Configuration;

/// <summary>Host settings under <c>gateway:</c> in <c>connectors.yaml</c>. Defaults live in <see cref="GatewayDefaults"/>.</summary>
public sealed record ServerConfig
{
    /// <summary>The HTTP listen URL; must be loopback unless explicitly changed.</summary>
    public string Listen { get; init; } = GatewayDefaults.Listen;

    /// <summary>Where the embedded store lives (relative to the config file).</summary>
    public string DataDir { get; init; } = GatewayDefaults.DataDir;

    /// <summary>none, or keys (scoped API keys).</summary>
    public string Auth { get; init; } = "none";

    /// <summary>
    /// Lets <c>serve</c> start with <c>auth: none</c> on a listen address beyond loopback (refused otherwise): for a
    /// gateway behind something that authenticates every request itself.
    /// </summary>
    public bool AllowUnauthenticatedRemote { get; init; }

    /// <summary>sqlite (default) or postgres.</summary>
    public string Storage { get; init; } = "sqlite";

    /// <summary>PostgreSQL connection string when <see cref="Storage"/> is postgres (may use <c>${env:NAME}</c>).</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>
    /// Where other replicas reach this one (an http(s) URL) to hand it requests for the sessions it holds; defaults to the
    /// address it listens on.
    /// </summary>
    public string? AdvertiseUrl { get; init; }

    /// <summary>Identifies this replica in the journal; defaults to the machine name.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Browser origins allowed besides loopback ones (DNS-rebinding protection).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Most concurrent MCP sessions; the least recently used idle one is closed past this.</summary>
    public int MaxSessions { get; init; } = GatewayDefaults.MaxSessions;

    /// <summary>Sessions idle this long are closed.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = GatewayDefaults.SessionIdleTimeout;

    /// <summary>Largest accepted request body in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = GatewayDefaults.MaxRequestBodyBytes;

    /// <summary>An OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318): spans and metrics are exported there when set.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>
    /// The console log format, <c>text</c> or <c>json</c> (one JSON object per line); null when not set, so the
    /// <c>MCPGW_LOG_FORMAT</c> variable or the standard <c>Logging:Console:FormatterName</c> may choose.
    /// </summary>
    public string? LogFormat { get; init; }

    /// <summary>Where flow files (<c>*.yaml</c>) are loaded from on start (relative to the config file); missing is fine.</summary>
    public string FlowsDir { get; init; } = GatewayDefaults.FlowsDir;

    /// <summary>Most runs the flow engine executes at once; the rest wait queued (durably).</summary>
    public int MaxConcurrentRuns { get; init; } = GatewayDefaults.MaxConcurrentRuns;

    /// <summary>On shutdown, how long running flow nodes may take to finish before they are left to resume on next start.</summary>
    public TimeSpan ShutdownGrace { get; init; } = GatewayDefaults.ShutdownGrace;

    /// <summary>
    /// A process whose heartbeat is older than this is dead: a living one recovers its open calls, keys and flow runs.
    /// It heartbeats six times per period.
    /// </summary>
    public TimeSpan InstanceExpiry { get; init; } = GatewayDefaults.InstanceExpiry;

    /// <summary>
    /// How long a client has to answer an <c>InputRequiredResult</c> (MCP 2026-07-28): the <c>requestState</c> sent with it
    /// expires, and an upstream call held open for the answer is cancelled, after this.
    /// </summary>
    public TimeSpan RequestStateExpiry { get; init; } = GatewayDefaults.RequestStateExpiry;

    /// <summary>
    /// How long the first <c>tools/list</c>, and a call to a tool of a connector that is still starting, wait for
    /// connectors still starting (<c>startup_wait</c>, 0s to 5m; 0 = not at all). A connector that failed is not waited for.
    /// </summary>
    public TimeSpan StartupWait { get; init; } = GatewayDefaults.StartupWait;
    /// <summary>The most steps a flow version may have; null for the flows' default (1,000).</summary>
    public int? MaxFlowSteps { get; init; }

    /// <summary>The most items a flow loop may run over; null for the flows' default (10,000).</summary>
    public int? MaxLoopItems { get; init; }

    /// <summary>The longest a flow run may take, pauses included; null for the flows' default (7 days).</summary>
    public TimeSpan? MaxRunDuration { get; init; }
}
