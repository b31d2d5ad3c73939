using McpGateway.Connectors.Runtime;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Connectors;

/// <summary>
/// What the runtime connector stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>;
/// a backend supplies only its schema. A write is one statement (an upsert), so it is whole or absent.
/// </summary>
internal abstract class SqlConnectorStore(RelationalDatabase database) : IConnectorStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<StoredConnector>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectorSql.List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredConnector>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StoredConnector { Name = reader.GetString(0), RecordJson = reader.GetString(1), UpdatedAt = database.ReadTime(reader, 2) });
        }

        return list;
    }

    public async ValueTask<bool> PutAsync(StoredConnector connector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = connection.CreateCommand(ConnectorSql.Exists);
        exists.AddText("@name", connector.Name);
        var existed = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        await using var command = connection.CreateCommand(ConnectorSql.Upsert);
        command.AddText("@name", connector.Name);
        command.AddText("@record_json", connector.RecordJson);
        database.AddTime(command, "@updated_at", connector.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // Only the answer's 200/201 rests on the read above; the write itself is one atomic upsert.
        return !existed;
    }

    public async ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectorSql.Delete);
        command.AddText("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();
}
