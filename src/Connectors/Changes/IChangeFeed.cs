namespace McpGateway.Connectors.Changes;

/// <summary>
/// Tells the other gateway processes sharing this store that something they cache changed (a connection's value, the
/// set of flow tools, a revoked API key), so each acts on it within about a second instead of never. PostgreSQL: <c>LISTEN/NOTIFY</c>;
/// SQLite (processes on one host): a change counter in the file, polled once a second. A notice carries only what
/// changed, never a value: each process reads the value from the store itself.
/// </summary>
public interface IChangeFeed : IAsyncDisposable
{
    /// <summary>Announces a change to every other process following the feed (this one does not hear its own).</summary>
    ValueTask PublishAsync(ChangeNotice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChange"/> for each change another process announces, until cancelled. A notice with topic
    /// <see cref="ChangeNotice.Resync"/> means changes may have been missed (the feed was down): reread everything.
    /// </summary>
    Task FollowAsync(Func<ChangeNotice, Task> onChange, CancellationToken cancellationToken);
}
