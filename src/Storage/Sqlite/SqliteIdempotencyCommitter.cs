using McpGateway.Storage.Batching;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Runs a batch of idempotency writes in one <c>BEGIN IMMEDIATE</c> transaction on the key log, in queue order, so two
/// reservations of one key in the same batch still see each other. Reservations go through <see cref="SqliteKeyLog"/>;
/// a statement on a key's row gets the row's id from it (no row: nothing to change). One connection, and one command
/// per statement text, parsed once.
/// </summary>
internal sealed class SqliteIdempotencyCommitter(
    RelationalDatabase database, SqliteKeyIndex index, Func<SqliteConnection, bool> completions)
    : IBatchCommitter<IdempotencyWrite>, IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
    private SqliteKeyLog? _keys;
    private bool _keysReadCompletions;

    public async ValueTask CommitAsync(ReadOnlyMemory<IdempotencyWrite> items, Memory<bool> results)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                _connection = (SqliteConnection)await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (_keys is null || (!_keysReadCompletions && completions(_connection)))
            {
                // Built again once the journal has added its completion columns (a file of this store alone has none).
                _keysReadCompletions = completions(_connection);
                _keys?.Dispose();
                _keys = new SqliteKeyLog(_connection, index, _keysReadCompletions);
            }

            Commit(_keys!, items, results);
        }
        catch
        {
            // The connection may be broken: start over with a fresh one on the next batch.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _keys?.Dispose();
        _keys = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private void Commit(SqliteKeyLog keys, ReadOnlyMemory<IdempotencyWrite> writes, Memory<bool> results) =>
        keys.InTransaction((this, writes, results), static (keys, batch) =>
        {
            var (committer, items, outcomes) = batch;
            for (var i = 0; i < items.Length; i++)
            {
                var write = items.Span[i];
                if (write.Reservation is { } reservation)
                {
                    reservation.Holder = keys.Reserve(reservation.Candidate, reservation.Now);
                    outcomes.Span[i] = reservation.Holder is null;
                }
                else
                {
                    outcomes.Span[i] = committer.Execute(keys, write);
                }
            }
        });

    private bool Execute(SqliteKeyLog keys, IdempotencyWrite write)
    {
        if (keys.Find(write.Key!) is not { } id)
        {
            return false;
        }

        var command = Command(write.Sql!);
        write.Bind!(command);
        command.Parameters.Add(new SqliteParameter("@id", id));
        return command.ExecuteNonQuery() > 0;
    }

    private SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }
}
