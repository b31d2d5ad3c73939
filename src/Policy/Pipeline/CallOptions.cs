namespace McpGateway.Policy.Pipeline;

/// <summary>Per-call settings a caller may send (MCP <c>_meta["mcpgw/options"]</c>, REST body); each overrides the card's value.</summary>
public sealed record CallOptions
{
    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retries allowed when safe (still capped by policy).</summary>
    public int? Retry { get; init; }

    /// <summary>A tool to call once if this one fails (scope-checked like any call).</summary>
    public string? Fallback { get; init; }

    /// <summary>error or escalate.</summary>
    public string? OnFailure { get; init; }

    /// <summary>Check the live state before executing.</summary>
    public VerifyRequest? Verify { get; init; }
}
