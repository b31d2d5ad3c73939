using McpGateway.Connectors.Sealing;

namespace McpGateway.Connectors.Connections;

/// <summary>Stores connections by name. The store never sees a value in clear: it keeps what <see cref="SecretCipher"/> sealed.</summary>
public interface IConnectionStore
{
    /// <summary>Creates or migrates the tables; idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the connection of that name; an existing one keeps its <c>CreatedAt</c>.</summary>
    ValueTask UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken);

    /// <summary>The connection of that name, or null.</summary>
    ValueTask<ConnectionRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every connection, by name.</summary>
    ValueTask<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the connection; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the refresh of an OAUTH2 connection for <paramref name="instance"/> until <paramref name="until"/>: true
    /// only when the row is still the one written at <paramref name="seenUpdatedAt"/> and no other claim is live, so one
    /// process refreshes (a refresh token may be good for one use only). An upsert ends the claim.
    /// </summary>
    ValueTask<bool> TryClaimRefreshAsync(string name, DateTimeOffset seenUpdatedAt, string instance, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records why a refresh failed; the claim lapses on its own, and the next try waits for that.</summary>
    ValueTask SetRefreshErrorAsync(string name, string error, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a refreshed value (sealed value, field names, updated_at, expires_at of <paramref name="record"/>) and ends the
    /// claim, only while <paramref name="instance"/> still holds it: a value an operator set meanwhile is never overwritten.
    /// </summary>
    ValueTask<bool> TryCompleteRefreshAsync(ConnectionRecord record, string instance, CancellationToken cancellationToken);
}
