using System.Data.Common;
using McpGateway.Policy.Callers;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Sessions;

/// <summary>What the session stores share: the SQL and row mapping on the backend's <see cref="RelationalDatabase"/>; a backend supplies its schema.</summary>
internal abstract class SqlSessionStore(RelationalDatabase database) : ISessionStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask CreateAsync(StoredSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await ExecuteAsync(SessionSql.Insert, c =>
        {
            c.AddText("@id_hash", session.IdHash);
            c.AddText("@endpoint", session.Endpoint);
            c.AddText("@key_id", session.KeyId);
            c.AddText("@initialize_json", session.InitializeJson);
            c.AddText("@holder_instance", session.HolderInstance);
            c.AddText("@holder_address", session.HolderAddress);
            database.AddTime(c, "@created_at", session.CreatedAt);
            database.AddTime(c, "@last_seen_at", session.LastSeenAt);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<StoredSession?> GetAsync(string idHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idHash);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(SessionSql.Get);
        command.AddText("@id_hash", idHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredSession
        {
            IdHash = reader.GetString(0),
            Endpoint = reader.GetString(1),
            KeyId = reader.GetNullableString(2),
            InitializeJson = reader.GetString(3),
            HolderInstance = reader.GetString(4),
            HolderAddress = reader.GetString(5),
            CreatedAt = database.ReadTime(reader, 6),
            LastSeenAt = database.ReadTime(reader, 7),
        };
    }

    public async ValueTask<bool> TakeOverAsync(string idHash, string expectedHolder, string instance, string address, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(SessionSql.TakeOver, c =>
        {
            c.AddText("@id_hash", idHash);
            c.AddText("@expected", expectedHolder);
            c.AddText("@instance", instance);
            c.AddText("@address", address);
            database.AddTime(c, "@at", at);
        }, cancellationToken).ConfigureAwait(false) == 1;

    public async ValueTask TouchAsync(string idHash, string instance, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(SessionSql.Touch, c =>
        {
            c.AddText("@id_hash", idHash);
            c.AddText("@instance", instance);
            database.AddTime(c, "@at", at);
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken) =>
        await ExecuteAsync(SessionSql.Delete, c => c.AddText("@id_hash", idHash), cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> DeleteUnusedAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        await ExecuteAsync(SessionSql.DeleteUnused, c => database.AddTime(c, "@before", before), cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private async ValueTask<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
