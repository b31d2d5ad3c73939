using System.Data.Common;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// Runs a batch of idempotency writes in one write transaction (SQLite: <c>BEGIN IMMEDIATE</c> behind the file's write
/// gate), in queue order, so two reservations of one key in the same batch still see each other (the second finds the
/// first as holder). One commit serves every caller in the batch. It keeps one connection and, where the backend allows,
/// one command per statement text, so a statement is parsed once, not per call.
/// </summary>
internal sealed class IdempotencyBatchCommitter(RelationalDatabase database) : IBatchCommitter<IdempotencyWrite>, IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly List<DbCommand> _oneShot = [];
    private DbConnection? _connection;

    public async ValueTask CommitAsync(ReadOnlyMemory<IdempotencyWrite> items, Memory<bool> results)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        try
        {
            await CommitBatchAsync(items, results).ConfigureAwait(false);
        }
        catch
        {
            // The connection may be broken or mid-transaction: start over with a fresh one on the next batch.
            await ResetAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ResetAsync();

    private async Task CommitBatchAsync(ReadOnlyMemory<IdempotencyWrite> items, Memory<bool> results)
    {
        _connection ??= await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(_connection, CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < items.Length; i++)
        {
            var write = items.Span[i];
            if (write.Reservation is { } reservation)
            {
                var reserved = await ReserveAsync(reservation, transaction).ConfigureAwait(false);
                results.Span[i] = reserved;
                continue;
            }

            var command = Command(write.Sql!, transaction);
            write.Bind!(command);
            var changed = await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) > 0;
            results.Span[i] = changed;
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        await DisposeOneShotAsync().ConfigureAwait(false);
    }

    /// <summary>As <see cref="IdempotencySql.Reserve"/> says: a row back means the key is now ours; else read the holder.</summary>
    private async Task<bool> ReserveAsync(KeyReservation reservation, DbTransaction transaction)
    {
        var candidate = reservation.Candidate;
        var reserve = Command(IdempotencySql.Reserve, transaction);
        reserve.AddText("@key", candidate.Key);
        reserve.AddText("@fingerprint", candidate.Fingerprint);
        reserve.AddText("@execution", candidate.ExecutionId);
        database.AddTime(reserve, "@created", candidate.CreatedAt);
        database.AddTime(reserve, "@expires", candidate.ExpiresAt);
        database.AddTime(reserve, "@now", reservation.Now);
        reservation.Holder = null;
        if (await reserve.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            return true;
        }

        // The key is live and held by someone else; the row is locked (see IdempotencySql.Reserve).
        var get = Command(IdempotencySql.Get, transaction);
        get.AddText("@key", candidate.Key);
        await using var reader = await get.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        reservation.Holder = await IdempotencyRows.ReadSingleAsync(reader, database, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Idempotency key '{candidate.Key}' conflicted with a row that could not be read back.");
        return false;
    }

    private DbCommand Command(string sql, DbTransaction transaction)
    {
        if (!database.ReusesCommands)
        {
            var fresh = _connection!.CreateCommand(sql, transaction);
            _oneShot.Add(fresh);
            return fresh;
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand(sql, transaction);
            _commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    private async ValueTask DisposeOneShotAsync()
    {
        foreach (var command in _oneShot)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _oneShot.Clear();
    }

    private async ValueTask ResetAsync()
    {
        await DisposeOneShotAsync().ConfigureAwait(false);
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
