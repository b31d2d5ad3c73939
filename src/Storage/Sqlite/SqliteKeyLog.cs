using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Idempotency;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Reserves and finds idempotency keys in a SQLite file's key log, on one write connection, with commands prepared
/// once. Its methods run only inside <see cref="InTransaction{TState}"/>, which begins the write transaction with
/// <c>BEGIN IMMEDIATE</c> and keeps the map in step with how it ends (see <see cref="SqliteKeyIndex"/> for why that
/// keeps a reservation atomic across processes).
/// </summary>
internal sealed class SqliteKeyLog : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteKeyIndex _index;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _catchUp;
    private readonly SqliteCommand _row;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand? _clearResult;
    private readonly List<(string Key, long Id, SqliteKeyEntry? Previous)> _added = [];
    private bool _caughtUp;

    /// <summary>
    /// Prepares the commands on <paramref name="connection"/>, which the caller keeps owning. With
    /// <paramref name="completions"/> (the file has the journal's completion columns), rows read as completed when their
    /// execution's row carries the completion, and a replaced row's completion is emptied with it.
    /// </summary>
    public SqliteKeyLog(SqliteConnection connection, SqliteKeyIndex index, bool completions)
    {
        _connection = connection;
        _index = index;
        _begin = SqlitePrepared.Command(connection, "BEGIN IMMEDIATE");
        _commit = SqlitePrepared.Command(connection, "COMMIT");
        _rollback = SqlitePrepared.Command(connection, "ROLLBACK");
        _catchUp = SqlitePrepared.Command(connection, SqliteKeyIndex.CatchUpSql, "@seen");
        _row = SqlitePrepared.Command(connection, completions ? SqliteIdempotencySql.GetByIdCompleted : SqliteIdempotencySql.GetById, "@id");
        _clearResult = completions ? SqlitePrepared.Command(connection, SqliteIdempotencySql.ClearResultById, "@id") : null;
        _delete = SqlitePrepared.Command(connection, SqliteIdempotencySql.DeleteById, "@id");
        _insert = SqlitePrepared.Command(connection, SqliteIdempotencySql.Insert, "@key", "@fingerprint", "@execution", "@created", "@expires");
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one <c>BEGIN IMMEDIATE</c> transaction on the connection. On commit the rows it
    /// appended advance the map's catch-up point; on any failure the transaction is rolled back, the map forgets those
    /// rows, and the exception goes on.
    /// </summary>
    public void InTransaction<TState>(TState state, Action<SqliteKeyLog, TState> body)
    {
        _begin.ExecuteNonQuery();
        _caughtUp = false;
        _added.Clear();
        try
        {
            body(this, state);
            _commit.ExecuteNonQuery();
        }
        catch
        {
            Rollback();
            RolledBack();
            throw;
        }

        Committed();
    }

    /// <summary>
    /// Takes <paramref name="candidate"/>'s key when it is absent, released or expired at <paramref name="now"/>
    /// (returns null), else returns the live holder and changes nothing. The row it replaces is deleted after the new
    /// one is appended, so a key has one row and the newest row is never the one deleted.
    /// </summary>
    public IdempotencyRecord? Reserve(IdempotencyRecord candidate, DateTimeOffset now)
    {
        long? replaced = null;
        if (Find(candidate.Key) is { } id)
        {
            _row.Parameters[0].Value = id;
            IdempotencyRecord? row;
            using (var reader = _row.ExecuteReader())
            {
                row = reader.Read() ? IdempotencyRows.Read(reader, SqliteTime.Read) : null;
            }

            if (row is not null && string.Equals(row.Key, candidate.Key, StringComparison.Ordinal))
            {
                if (SqliteTime.ToDb(row.ExpiresAt) > SqliteTime.ToDb(now) &&
                    !string.Equals(row.State, IdempotencySql.Released, StringComparison.Ordinal))
                {
                    return row;
                }

                replaced = id;
            }
        }

        var p = _insert.Parameters;
        p[0].Value = candidate.Key;
        p[1].Value = candidate.Fingerprint;
        p[2].Value = candidate.ExecutionId;
        p[3].Value = SqliteTime.ToDb(candidate.CreatedAt);
        var expires = SqliteTime.ToDb(candidate.ExpiresAt);
        p[4].Value = expires;
        _insert.ExecuteNonQuery();
        var inserted = raw.sqlite3_last_insert_rowid(_connection.Handle);
        _added.Add((candidate.Key, inserted, _index.Added(candidate.Key, inserted, expires)));
        if (replaced is { } old)
        {
            if (_clearResult is not null)
            {
                _clearResult.Parameters[0].Value = old;
                _clearResult.ExecuteNonQuery();
            }

            _delete.Parameters[0].Value = old;
            _delete.ExecuteNonQuery();
        }

        return null;
    }

    /// <summary>
    /// The row id of <paramref name="key"/>, or null when the file has none; a statement that uses it must also match
    /// the key (the row may have been deleted since; ids are never reused, so it is then simply absent).
    /// </summary>
    public long? Find(string key)
    {
        if (!_caughtUp)
        {
            _index.CatchUp(_catchUp);
            _caughtUp = true;
        }

        return _index.Find(key);
    }

    private void Committed()
    {
        if (_caughtUp && _added.Count > 0)
        {
            _index.Committed(_added[^1].Id);
        }

        _added.Clear();
    }

    // Forgets the rows the rolled-back transaction inserted, newest first.
    private void RolledBack()
    {
        for (var i = _added.Count - 1; i >= 0; i--)
        {
            var (key, id, previous) = _added[i];
            _index.Undo(key, id, previous);
        }

        _added.Clear();
    }

    private void Rollback()
    {
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back on its own (I/O errors, full disk): there is nothing left to undo.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _catchUp.Dispose();
        _row.Dispose();
        _delete.Dispose();
        _insert.Dispose();
        _clearResult?.Dispose();
    }
}
