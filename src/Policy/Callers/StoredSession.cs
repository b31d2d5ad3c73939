namespace McpGateway.Policy.Callers;

/// <summary>
/// A 2025-11-25 MCP session as every replica sees it: whose it is (the endpoint and the API key that opened it), what the
/// client said in <c>initialize</c>, and which process holds it now and where that process is reached.
/// </summary>
public sealed record StoredSession
{
    /// <summary>SHA-256 of the <c>Mcp-Session-Id</c> as lower-case hex: the id itself is never stored.</summary>
    public required string IdHash { get; init; }

    /// <summary>The endpoint path the session was opened on (<c>/mcp</c>, <c>/c/{connector}/mcp</c>, <c>/s/{server}/mcp</c>).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The API key (or registered server) that opened it; null without authentication.</summary>
    public string? KeyId { get; init; }

    /// <summary>The client's <c>initialize</c> parameters as JSON (protocol version, capabilities, client info).</summary>
    public required string InitializeJson { get; init; }

    /// <summary>The gateway process holding the session (its instance id).</summary>
    public required string HolderInstance { get; init; }

    /// <summary>Where other replicas reach the holder (an absolute http(s) URL).</summary>
    public required string HolderAddress { get; init; }

    /// <summary>When the client initialized it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the holder last saw the session in use; a session unused for the idle timeout is gone.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }
}
