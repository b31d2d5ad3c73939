using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Pipeline;

/// <summary>Who is calling, and in what context. With a key, <see cref="Agent"/> is always the key's agent.</summary>
/// <param name="Surface">mcp, rest, flow or approval.</param>
/// <param name="SessionId">The MCP session id, when there is one.</param>
/// <param name="Agent">The agent: the key's when there is a key, else what the request claimed.</param>
public sealed record CallerIdentity(string Surface, string? SessionId = null, string? Agent = null)
{
    /// <summary>The API key the request authenticated with; null when auth is off.</summary>
    public ApiKey? Key { get; init; }

    /// <summary>
    /// Keys whose authority also bounds the call: it must be one each of them could make (scope, allowlist, read-only,
    /// context gates). A flow run's tool step carries its version's author here (and its parent runs' authors), so a run
    /// never does more than the authors of what it runs could.
    /// </summary>
    public IReadOnlyList<ApiKey> Bounds { get; init; } = [];

    /// <summary>The environment the caller acts in (prod, staging, ...), when it says.</summary>
    public string? Env { get; init; }

    /// <summary>The workflow the call belongs to, when it says.</summary>
    public string? Workflow { get; init; }

    /// <summary>The business action the caller declares (refund, update_contact, ...), when it says.</summary>
    public string? Action { get; init; }

    /// <summary>The identity for a request: a key's agent overrides the claimed one.</summary>
    public static CallerIdentity For(string surface, string? sessionId, ApiKey? key, string? claimedAgent) =>
        new(surface, sessionId, key?.Agent ?? claimedAgent) { Key = key };
}
