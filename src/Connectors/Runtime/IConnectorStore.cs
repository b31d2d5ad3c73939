namespace McpGateway.Connectors.Runtime;

/// <summary>Connectors added at runtime, shared by every process on the store; <c>connectors.yaml</c> keeps its own.</summary>
public interface IConnectorStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every stored connector, by name.</summary>
    ValueTask<IReadOnlyList<StoredConnector>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces a connector; true when it was new.</summary>
    ValueTask<bool> PutAsync(StoredConnector connector, CancellationToken cancellationToken);

    /// <summary>Deletes a connector; false when none had that name.</summary>
    ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
