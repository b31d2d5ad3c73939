namespace McpGateway.Policy.Callers;

/// <summary>
/// 2025-11-25 MCP sessions shared by the replicas of one store: a replica that does not hold a session named by a request
/// finds its holder here, and takes it over (one conditional update, so one replica wins) when the holder is gone.
/// </summary>
public interface ISessionStore
{
    /// <summary>Creates or migrates the table; idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Records a session that has just been initialized.</summary>
    ValueTask CreateAsync(StoredSession session, CancellationToken cancellationToken);

    /// <summary>The session with that id hash, or null.</summary>
    ValueTask<StoredSession?> GetAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="instance"/> the holder if <paramref name="expectedHolder"/> still is; false when another replica was first.</summary>
    ValueTask<bool> TakeOverAsync(string idHash, string expectedHolder, string instance, string address, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records use of a session held by <paramref name="instance"/> (ignored if another replica holds it now).</summary>
    ValueTask TouchAsync(string idHash, string instance, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Forgets a session (closed by its client, idle, or pushed out by the cap).</summary>
    ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Forgets every session last seen before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> DeleteUnusedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
