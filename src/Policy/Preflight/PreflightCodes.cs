namespace McpGateway.Policy.Preflight;

/// <summary>The codes of <see cref="PreflightWarning"/>.</summary>
public static class PreflightCodes
{
    /// <summary>The tool declares it may destroy or overwrite data.</summary>
    public const string Destructive = "destructive";

    /// <summary>A non-idempotent tool called without an idempotency key (the caller's or a template's).</summary>
    public const string NoIdempotencyKey = "no_idempotency_key";

    /// <summary>A payment-like tool that may change state and has no probe.</summary>
    public const string NoProbe = "no_probe";

    /// <summary>The tool names an entity and the call gave no entity resolution.</summary>
    public const string EntityNotResolved = "entity_not_resolved";
}
