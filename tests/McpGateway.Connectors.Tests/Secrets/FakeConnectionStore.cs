using System.Collections.Concurrent;
using McpGateway.Connectors.Connections;
namespace McpGateway.Connectors.Tests.Secrets;

/// <summary>An in-memory connection store.</summary>
internal sealed class FakeConnectionStore : IConnectionStore
{
    public ConcurrentDictionary<string, ConnectionRecord> Records { get; } = new(StringComparer.Ordinal);

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        Records[record.Name] = record;
        Claims.TryRemove(record.Name, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ConnectionRecord?> GetAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.GetValueOrDefault(name));

    public ValueTask<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ConnectionRecord>>(Records.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());

    public ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.TryRemove(name, out _));

    /// <summary>Live refresh claims: connection → (instance, until).</summary>
    public ConcurrentDictionary<string, (string Instance, DateTimeOffset Until)> Claims { get; } = new(StringComparer.Ordinal);

    public ValueTask<bool> TryClaimRefreshAsync(string name, DateTimeOffset seenUpdatedAt, string instance, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (Claims)
        {
            if (!Records.TryGetValue(name, out var record) || record.UpdatedAt != seenUpdatedAt || (Claims.TryGetValue(name, out var c) && c.Until > now))
            {
                return ValueTask.FromResult(false);
            }

            Claims[name] = (instance, until);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> TryCompleteRefreshAsync(ConnectionRecord record, string instance, CancellationToken cancellationToken)
    {
        lock (Claims)
        {
            if (!Claims.TryGetValue(record.Name, out var c) || c.Instance != instance || !Records.TryGetValue(record.Name, out var old))
            {
                return ValueTask.FromResult(false);
            }

            Records[record.Name] = old with { FieldNames = record.FieldNames, Sealed = record.Sealed, UpdatedAt = record.UpdatedAt, ExpiresAt = record.ExpiresAt, RefreshError = null };
            Claims.TryRemove(record.Name, out _);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask SetRefreshErrorAsync(string name, string error, CancellationToken cancellationToken)
    {
        if (Records.TryGetValue(name, out var record))
        {
            Records[name] = record with { RefreshError = error };
        }

        return ValueTask.CompletedTask;
    }
}
