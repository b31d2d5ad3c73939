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
}
