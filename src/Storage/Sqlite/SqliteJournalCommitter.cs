using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Journal;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Commits journal batches on the one write connection it owns, with commands prepared once and reused: per write
/// it only sets parameter values and steps the statement. Key reservations that ride on opens run on the idempotency
/// key log in the same file and the same transaction (<see cref="SqliteKeyLog"/>); a completion that rides on a close
/// is written into the closed row itself (<see cref="SqliteIdempotencySql.CloseCompleting"/>).
/// </summary>
internal sealed class SqliteJournalCommitter : IBatchCommitter<JournalWrite>, IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _close;
    private readonly SqliteKeyLog _keys;
    private readonly SqliteCommand _closeCompleting;
    private readonly SqliteCommand _settle;
    private readonly SqliteCommand _reopen;
    private readonly SqliteCommand _reopenFrozen;
    private readonly SemaphoreSlim _gate;

    /// <summary>Prepares the commands on an open connection, which this committer then owns.</summary>
    public SqliteJournalCommitter(SqliteConnection connection, SemaphoreSlim gate, SqliteKeyIndex keys)
    {
        Connection = connection;
        _gate = gate;
        _insert = SqlitePrepared.Command(Connection, JournalSql.Insert, "@id", "@instance", "@session", "@agent", "@connector", "@tool", "@arguments", "@started");
        _close = SqlitePrepared.Command(Connection, JournalSql.Close, "@id", "@connector", "@ended", "@status", "@error", "@trace");
        _keys = new SqliteKeyLog(connection, keys, completions: true);
        _closeCompleting = SqlitePrepared.Command(
            Connection, SqliteIdempotencySql.CloseCompleting, "@id", "@connector", "@ended", "@status", "@error", "@trace", "@outcome",
            "@result");
        _settle = SqlitePrepared.Command(Connection, JournalSql.Settle, "@id", "@settlement");
        _reopen = SqlitePrepared.Command(Connection, JournalSql.Reopen, "@id", "@instance");
        _reopenFrozen = SqlitePrepared.Command(Connection, JournalSql.ReopenFrozen, "@id", "@instance");
    }

    /// <summary>The write connection.</summary>
    public SqliteConnection Connection { get; }

    /// <inheritdoc />
    public async ValueTask CommitAsync(ReadOnlyMemory<JournalWrite> items, Memory<bool> results)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Commit(items, results);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Commit(ReadOnlyMemory<JournalWrite> writes, Memory<bool> outcomes)
    {
        if (writes.Length == 1 && writes.Span[0].Statements == 1)
        {
            // A lone statement is its own transaction: skip BEGIN/COMMIT on the common, uncontended path.
            outcomes.Span[0] = Write(writes.Span[0]);
            return;
        }

        _keys.InTransaction((this, writes, outcomes), static (_, batch) =>
        {
            var (committer, items, results) = batch;
            for (var i = 0; i < items.Length; i++)
            {
                results.Span[i] = committer.Write(items.Span[i]);
            }
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _close.Dispose();
        _keys.Dispose();
        _closeCompleting.Dispose();
        _settle.Dispose();
        _reopen.Dispose();
        _reopenFrozen.Dispose();
        Connection.Dispose();
    }

    private bool Write(in JournalWrite write)
    {
        if (write.Settlement is { } settlement)
        {
            _settle.Parameters[0].Value = settlement.ExecutionId;
            _settle.Parameters[1].Value = settlement.Json;
            return _settle.ExecuteNonQuery() > 0;
        }

        if (write.Reopen is { } reopen)
        {
            var command = reopen.Reason == JournalReopen.Thaw ? _reopenFrozen : _reopen;
            command.Parameters[0].Value = reopen.ExecutionId;
            command.Parameters[1].Value = reopen.InstanceId;
            return command.ExecuteNonQuery() > 0;
        }

        if (write.Inserted is { } record)
        {
            Insert(record);
        }

        if (write.Reservation is { } reservation)
        {
            Reserve(reservation);
        }

        if (write.Close is not { } close)
        {
            return true;
        }

        return Close(close);
    }

    /// <summary>Reserves the key in the key log; the holder found, if any, goes back to the caller.</summary>
    private void Reserve(KeyReservation reservation) =>
        reservation.Holder = _keys.Reserve(reservation.Candidate, reservation.Now);

    private void Insert(ExecutionRecord record)
    {
        var p = _insert.Parameters;
        p[0].Value = record.ExecutionId;
        p[1].Value = record.InstanceId;
        p[2].Value = (object?)record.SessionId ?? DBNull.Value;
        p[3].Value = (object?)record.Agent ?? DBNull.Value;
        p[4].Value = (object?)record.Connector ?? DBNull.Value;
        p[5].Value = record.Tool;
        p[6].Value = record.ArgumentsJson;
        p[7].Value = SqliteTime.ToDb(record.StartedAt);
        _insert.ExecuteNonQuery();
    }

    // A completion goes into the closed row: the key's row stays as reserved and reads take the completion from here.
    private bool Close(ExecutionClose close)
    {
        var command = close.Completion is null ? _close : _closeCompleting;
        var p = command.Parameters;
        p[0].Value = close.ExecutionId;
        p[1].Value = (object?)close.Connector ?? DBNull.Value;
        p[2].Value = SqliteTime.ToDb(close.EndedAt);
        p[3].Value = close.Status;
        p[4].Value = (object?)close.Error ?? DBNull.Value;
        p[5].Value = close.TraceJson;
        if (close.Completion is { } completion)
        {
            p[6].Value = completion.OutcomeStatus;
            p[7].Value = completion.ResultJson;
        }

        return command.ExecuteNonQuery() > 0;
    }
}
