using System.Data.Common;
using System.Data;
using System.Text.Json;
using McpGateway.Connectors.Connections;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Connections;

/// <summary>
/// What the connection stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. Values arrive sealed; the store never sees one in clear.
/// </summary>
internal abstract class SqlConnectionStore(RelationalDatabase database) : IConnectionStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectionSql.Upsert);
        command.AddText("@name", record.Name);
        command.AddText("@type", record.Type);
        command.AddText("@display_name", record.DisplayName);
        command.AddText("@field_names_json", JsonSerializer.Serialize(record.FieldNames));
        command.Add("@sealed_value", DbType.Binary, record.Sealed);
        database.AddTime(command, "@created_at", record.CreatedAt);
        database.AddTime(command, "@updated_at", record.UpdatedAt);
        database.AddTime(command, "@expires_at", record.ExpiresAt);
        command.AddText("@refresh_error", record.RefreshError);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryClaimRefreshAsync(
        string name, DateTimeOffset seenUpdatedAt, string instance, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectionSql.ClaimRefresh);
        command.AddText("@name", name);
        command.AddText("@instance", instance);
        database.AddTime(command, "@seen", seenUpdatedAt);
        database.AddTime(command, "@until", until);
        database.AddTime(command, "@now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> TryCompleteRefreshAsync(ConnectionRecord record, string instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectionSql.CompleteRefresh);
        command.AddText("@name", record.Name);
        command.AddText("@instance", instance);
        command.AddText("@field_names_json", JsonSerializer.Serialize(record.FieldNames));
        command.Add("@sealed_value", DbType.Binary, record.Sealed);
        database.AddTime(command, "@updated_at", record.UpdatedAt);
        database.AddTime(command, "@expires_at", record.ExpiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask SetRefreshErrorAsync(string name, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectionSql.RefreshFailed);
        command.AddText("@name", name);
        command.AddText("@error", error);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ConnectionRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var records = await QueryAsync(ConnectionSql.Get, command => command.AddText("@name", name), cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async ValueTask<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync(ConnectionSql.List, _ => { }, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ConnectionSql.Delete);
        command.AddText("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private async Task<IReadOnlyList<ConnectionRecord>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ConnectionRows.ReadAllAsync(reader, database, cancellationToken).ConfigureAwait(false);
    }
}
