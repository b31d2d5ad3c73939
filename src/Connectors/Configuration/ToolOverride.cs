namespace McpGateway.Connectors.Configuration;

/// <summary>Per-tool settings from <c>connectors.yaml</c> that override the upstream's definition.</summary>
public sealed record ToolOverride
{
    /// <summary>Replaces the tool's title.</summary>
    public string? Title { get; init; }

    /// <summary>Replaces the tool's description.</summary>
    public string? Description { get; init; }

    /// <summary>Overrides the read-only hint.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>Overrides the destructive hint.</summary>
    public bool? Destructive { get; init; }

    /// <summary>Overrides the idempotent hint.</summary>
    public bool? Idempotent { get; init; }

    /// <summary>low, medium or high.</summary>
    public string? Risk { get; init; }

    /// <summary>Per-call timeout for this tool.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>False hides the tool from the catalog.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Template that derives an idempotency key from the arguments, e.g. <c>charge:{{args.payment_id}}</c>.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Retries allowed when safe (capped by <see cref="PolicyConfig.MaxRetries"/>).</summary>
    public int? Retry { get; init; }

    /// <summary>A tool to call once when this one fails.</summary>
    public string? Fallback { get; init; }

    /// <summary>error (default) or escalate (a pending approval carrying the failure).</summary>
    public string? OnFailure { get; init; }

    /// <summary>How to settle an unknown outcome.</summary>
    public ProbeConfig? Probe { get; init; }

    /// <summary>Argument paths that name entities (default: every <c>*_id</c> argument).</summary>
    public IReadOnlyList<string>? EntityParams { get; init; }

    /// <summary>Rules for this tool, checked before the global ones.</summary>
    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];

    /// <summary>Words agents and rules can match the tool by (<c>card.tags</c>).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Example calls shown on the card.</summary>
    public IReadOnlyList<ToolExample>? Examples { get; init; }

    /// <summary>A note on what authority the tool acts with (which account, which credential), shown on the card.</summary>
    public string? Auth { get; init; }
}
