using McpGateway.Policy.Callers;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>Where a request naming a session goes: this replica's session, the replica holding it, or nowhere.</summary>
internal readonly record struct SessionRoute(SessionRouteKind Kind, HttpMcpSession? Local = null, StoredSession? Stored = null);
