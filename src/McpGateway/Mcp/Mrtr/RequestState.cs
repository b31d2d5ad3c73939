namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// What the gateway carries between rounds of a Multi Round-Trip Request (MCP 2026-07-28), sealed into the
/// <c>requestState</c> it hands the client (<see cref="RequestStateSeal"/>): what it is bound to (caller, endpoint, tool,
/// arguments, expiry) and what it continues (a frozen approval, or an upstream call held open in one process).
/// </summary>
internal sealed record RequestState
{
    /// <summary>An inline approval: the frozen call is thawed by the client's answer, on any process.</summary>
    public const string ApprovalKind = "approval";

    /// <summary>An upstream's own input request, relayed while the upstream call is held open in one process.</summary>
    public const string HeldKind = "held";

    /// <summary>
    /// A 2026-07-28 upstream's own <c>InputRequiredResult</c>, handed to the client as it is: the next round reopens the
    /// execution on any process and sends the answers and the upstream's state back to it.
    /// </summary>
    public const string UpstreamKind = "upstream";

    /// <summary><see cref="ApprovalKind"/>, <see cref="HeldKind"/> or <see cref="UpstreamKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The id of the caller's API key, or null without one.</summary>
    public string? KeyId { get; init; }

    /// <summary>The caller's agent, or null.</summary>
    public string? Agent { get; init; }

    /// <summary>The connector of a <c>/c/{connector}/mcp</c> endpoint, or null for the aggregated one.</summary>
    public string? Scope { get; init; }

    /// <summary>The request's method (<c>tools/call</c>).</summary>
    public required string Method { get; init; }

    /// <summary>The tool (prompt, resource) the request names.</summary>
    public required string Target { get; init; }

    /// <summary>The arguments' fingerprint (<c>ArgumentsJson.Fingerprint</c>).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>When the state stops being accepted.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The execution the state continues.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The frozen approval (approval kind).</summary>
    public string? ApprovalId { get; init; }

    /// <summary>The gateway process that holds the upstream call (held kind).</summary>
    public string? Instance { get; init; }

    /// <summary>The held exchange in that process (held kind).</summary>
    public string? Exchange { get; init; }

    /// <summary>Which round of the held exchange this state answers (held kind).</summary>
    public int Round { get; init; }

    /// <summary>The upstream's own <c>requestState</c>, sent back to it with the next round (upstream kind).</summary>
    public string? UpstreamState { get; init; }
}
