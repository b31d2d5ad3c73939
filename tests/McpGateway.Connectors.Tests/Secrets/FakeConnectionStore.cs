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
        return ValueTask.CompletedTask;
    }

    public ValueTask<ConnectionRecord?> GetAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.GetValueOrDefault(name));

    public ValueTask<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ConnectionRecord>>(Records.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());

    public ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.TryRemove(name, out _));
}
