namespace McpGateway.Policy.Pipeline;

/// <summary>Why a call did not reach a normal outcome; the surfaces map these to protocol errors or status codes.</summary>
public enum ToolCallFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>The tool name is not in the caller's catalog (MCP: JSON-RPC error; REST: 404).</summary>
    UnknownTool,

    /// <summary>The tool's connector is not connected right now (MCP: isError; REST: 502).</summary>
    UpstreamUnavailable,

    /// <summary>The upstream raised a protocol error or the transport failed (REST: 502).</summary>
    UpstreamError,

    /// <summary>The call exceeded its timeout.</summary>
    Timeout,

    /// <summary>No valid credentials (REST: 401).</summary>
    Unauthorized,

    /// <summary>The key's scopes, allowlists or context gates do not cover the call, or a rule denied it (REST: 403).</summary>
    Forbidden,

    /// <summary>The arguments do not match the tool's input schema (REST: 422).</summary>
    InvalidArguments,

    /// <summary>An argument names another entity than the caller resolved (REST: 409).</summary>
    EntityMismatch,

    /// <summary>
    /// The idempotency key was used with other arguments or by another agent, or is no longer the caller's to use
    /// (REST: 409). Nothing ran; the same call will not succeed with this key.
    /// </summary>
    IdempotencyConflict,

    /// <summary>
    /// The idempotency key is held by a call still in flight (REST: 409). Nothing ran now; calling again later with the
    /// same key gets that call's result.
    /// </summary>
    IdempotencyInFlight,

    /// <summary>
    /// The idempotency key's earlier call ended without knowing whether the upstream acted, and nothing could check it
    /// (REST: 409). Nothing ran now; the key is refused until it expires, and a new key could make the effect happen twice.
    /// </summary>
    IdempotencyUndetermined,

    /// <summary>The connector's circuit is open after repeated failures: failing fast (REST: 503).</summary>
    CircuitOpen,

    /// <summary>The upstream was reached but the outcome is not known (timeout after send, connection lost).</summary>
    OutcomeUnknown,

    /// <summary>
    /// The upstream refused the call because the caller did not declare a client capability it needs (2026-07-28: -32021);
    /// nothing ran (MCP: that JSON-RPC error with the capabilities; REST: 502).
    /// </summary>
    MissingClientCapability,

    /// <summary>
    /// The tool's upstream lists a definition other than the pinned one: the tool is quarantined until an operator accepts
    /// the change; nothing ran (MCP: isError; REST: 409).
    /// </summary>
    ToolQuarantined,

    /// <summary>
    /// A limit of <c>policy.limits</c> (requests per window or calls at once, per key, agent, tool or connector) is used
    /// up; nothing ran. The outcome's details carry <c>retry_after_s</c> (MCP: isError; REST: 429 with Retry-After).
    /// </summary>
    RateLimited,
}
