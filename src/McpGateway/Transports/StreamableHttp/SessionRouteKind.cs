namespace McpGateway.Transports.StreamableHttp;

/// <summary>What <see cref="SessionRoute"/> says about a request naming a session.</summary>
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
