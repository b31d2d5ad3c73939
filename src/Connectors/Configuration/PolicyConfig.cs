namespace McpGateway.Connectors.Configuration;

/// <summary>The <c>policy:</c> section: global rules and the limits every call obeys. Defaults live in <see cref="GatewayDefaults"/>.</summary>
public sealed record PolicyConfig
{
    /// <summary>Rules checked after a tool's own rules, in order.</summary>
    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];

    /// <summary>Rate and concurrency limits, each counted in the store per subject (key, agent, tool or connector).</summary>
    public IReadOnlyList<LimitConfig> Limits { get; init; } = [];

    /// <summary>The hard cap on retries, whatever a tool or call asks for.</summary>
    public int MaxRetries { get; init; } = GatewayDefaults.MaxRetries;

    /// <summary>The first retry's delay; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = GatewayDefaults.RetryBaseDelay;

    /// <summary>How long an idempotency key is remembered.</summary>
    public TimeSpan IdempotencyWindow { get; init; } = GatewayDefaults.IdempotencyWindow;

    /// <summary>How long an approval stays valid when its contract sets no expiry.</summary>
    public TimeSpan ApprovalExpiresIn { get; init; } = GatewayDefaults.ApprovalExpiresIn;

    /// <summary>A URL that receives a JSON message (Slack-compatible <c>text</c>) for each new pending approval.</summary>
    public string? ApprovalWebhook { get; init; }

    /// <summary>Failures in a row (per connector) that open its circuit.</summary>
    public int BreakerFailures { get; init; } = GatewayDefaults.BreakerFailures;

    /// <summary>How long an open circuit fails fast before trying again.</summary>
    public TimeSpan BreakDuration { get; init; } = GatewayDefaults.BreakDuration;
}
