namespace McpGateway.Policy.Callers;

/// <summary>
/// A scoped API key as stored: never the secret itself, only its SHA-256 hash. The allowlists and context gates are
/// empty when they do not restrict anything.
/// </summary>
public sealed record ApiKey
{
    /// <summary>Unique id, <c>key_…</c>; safe to show and log.</summary>
    public required string Id { get; init; }

    /// <summary>A human label, unique among active keys.</summary>
    public required string Name { get; init; }

    /// <summary>The agent this key acts as; it overrides any agent id a request claims.</summary>
    public required string Agent { get; init; }

    /// <summary>Granted scopes (<see cref="Scopes"/>), wildcards allowed (<c>*</c>, <c>tools:*</c>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Tool-name globs the key may call (<c>billing__*</c>); empty means every tool.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    /// <summary>Only tools whose card says read-only.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Environments the key may act in; empty means any.</summary>
    public IReadOnlyList<string> Envs { get; init; } = [];

    /// <summary>Workflows the key may act in; empty means any.</summary>
    public IReadOnlyList<string> Workflows { get; init; } = [];

    /// <summary>Resource ids (matched against <c>*_id</c> argument values); empty means any.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Declared actions the key may perform; empty means any.</summary>
    public IReadOnlyList<string> AllowedActions { get; init; } = [];

    /// <summary>This key's own rate limit, if it was given one; <c>policy.limits</c> apply as well.</summary>
    public KeyLimit? Limit { get; init; }

    /// <summary>The first characters of the secret (<c>mcpgw_AbCd</c>), to recognise a key without revealing it.</summary>
    public required string Prefix { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was revoked; a revoked key authenticates nothing.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
