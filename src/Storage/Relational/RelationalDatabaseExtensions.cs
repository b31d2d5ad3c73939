using System.Data.Common;

namespace McpGateway.Storage.Relational;

/// <summary>One statement on a pooled connection of its own: the plain stores' reads and single-statement writes.</summary>
internal static class RelationalDatabaseExtensions
{
    /// <summary>
    /// Runs one writing statement after taking the backend's write turn (SQLite's per-file gate, so writers queue here
    /// instead of sleeping in SQLite's busy handler); returns the affected rows.
    /// </summary>
    public static async ValueTask<int> ExecuteWriteAsync(
        this RelationalDatabase database, string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one writing statement that returns a value (<c>RETURNING</c>), after taking the write turn.</summary>
    public static async ValueTask<object?> ExecuteWriteScalarAsync(
        this RelationalDatabase database, string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one query and maps every row with <paramref name="read"/>.</summary>
    public static async ValueTask<IReadOnlyList<T>> QueryAsync<T>(
        this RelationalDatabase database,
        string sql,
        Action<DbCommand> bind,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
