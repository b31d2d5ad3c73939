using System.Collections.Concurrent;
using ModelContextProtocol.Server;

namespace TestUpstream.Sessions;

/// <summary>
/// The live sessions of this process (one for stdio, one per <c>Mcp-Session-Id</c> over HTTP) and what
/// each subscribed to, plus the listen streams of stateless 2026-07-28 HTTP clients, so a tool called by
/// one client can notify the others.
/// </summary>
internal sealed class SessionRegistry
{
    /// <summary>Key for the single stdio session, whose server has no session id.</summary>
    private const string StdioKey = "stdio";

    private readonly ConcurrentDictionary<string, SessionSubscriptions> _sessions = new(StringComparer.Ordinal);

    /// <summary>The 2026-07-28 <c>subscriptions/listen</c> streams of stateless HTTP clients.</summary>
    public StatelessListens Listens { get; } = new();

    public void Add(McpServer server) => _sessions[KeyOf(server)] = new SessionSubscriptions(server);

    public void Remove(McpServer server) => _sessions.TryRemove(KeyOf(server), out _);

    /// <summary>Finds the session of a root or request-scoped server.</summary>
    public SessionSubscriptions? Find(McpServer server) => _sessions.GetValueOrDefault(KeyOf(server));

    /// <summary>
    /// Sends <c>notifications/resources/updated</c> to every subscriber of the URI and returns how many
    /// were notified. The caller's own notice goes through its request-scoped server, so it rides on
    /// the stream of the call that caused it.
    /// </summary>
    public async Task<int> NotifyResourceUpdatedAsync(string uri, McpServer caller, CancellationToken cancellationToken)
    {
        var callerKey = KeyOf(caller);
        var notified = 0;
        foreach (var (key, session) in _sessions)
        {
            notified += await session.NotifyUpdatedAsync(uri, key == callerKey ? caller : session.Server, cancellationToken);
        }

        return notified + await Listens.NotifyResourceUpdatedAsync(uri, cancellationToken);
    }

    private static string KeyOf(McpServer server) => server.SessionId ?? StdioKey;
}
