using McpGateway.Connectors.Runtime;

namespace McpGateway.Connectors.Tests.Runtime;

/// <summary>A hand-written store for the runtime connector tests; the real ones are tested in the Storage suite.</summary>
internal sealed class InMemoryConnectorStore : IConnectorStore
{
    private readonly SortedDictionary<string, StoredConnector> _rows = new(StringComparer.Ordinal);

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<StoredConnector>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return ValueTask.FromResult<IReadOnlyList<StoredConnector>>([.. _rows.Values]);
        }
    }

    public ValueTask<bool> PutAsync(StoredConnector connector, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            var created = !_rows.ContainsKey(connector.Name);
            _rows[connector.Name] = connector;
            return ValueTask.FromResult(created);
        }
    }

    public ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return ValueTask.FromResult(_rows.Remove(name));
        }
    }
}
