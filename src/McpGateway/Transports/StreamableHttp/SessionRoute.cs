using McpGateway.Policy.Callers;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>Where a request naming a session goes: this replica's session, the replica holding it, or nowhere.</summary>
internal readonly record struct SessionRoute(SessionRouteKind Kind, HttpMcpSession? Local = null, StoredSession? Stored = null);

internal enum SessionRouteKind
{
    /// <summary>No replica knows the session (never created, closed, or unused past the idle timeout).</summary>
    NotFound,

    /// <summary>This replica holds it.</summary>
    Local,

    /// <summary>Another replica holds it (or held it: it may be gone).</summary>
    Elsewhere,

    /// <summary>A request forwarded here for a session this process does not hold.</summary>
    NotHeld,
}
