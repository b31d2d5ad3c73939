using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Journal;

/// <summary>
/// Commits journal batches on the one write connection it owns, with commands prepared once and reused: per write
/// it only sets parameter values and steps the statement.
/// </summary>
internal sealed class SqliteJournalCommitter : IBatchCommitter<JournalWrite>, IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _close;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _settle;
    private readonly SqliteCommand _reopen;
    private readonly SqliteCommand _reopenFrozen;
    private readonly SemaphoreSlim _gate;

    /// <summary>Prepares the commands on an open connection, which this committer then owns.</summary>
    public SqliteJournalCommitter(SqliteConnection connection, SemaphoreSlim gate)
    {
        Connection = connection;
        _gate = gate;
        _insert = SqlitePrepared.Command(Connection, JournalSql.Insert, "@id", "@instance", "@session", "@agent", "@connector", "@tool", "@arguments", "@started");
        _close = SqlitePrepared.Command(Connection, JournalSql.Close, "@id", "@connector", "@ended", "@status", "@error", "@trace", "@output");
        _begin = SqlitePrepared.Command(Connection, "BEGIN IMMEDIATE");
        _commit = SqlitePrepared.Command(Connection, "COMMIT");
        _rollback = SqlitePrepared.Command(Connection, "ROLLBACK");
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

        _begin.ExecuteNonQuery();
        try
        {
            for (var i = 0; i < writes.Length; i++)
            {
                outcomes.Span[i] = Write(writes.Span[i]);
            }

            _commit.ExecuteNonQuery();
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    private void Rollback()
    {
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back on its own; keep the original error.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _close.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
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

        if (write.Close is not { } close)
        {
            return true;
        }

        return Close(close);
    }

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

    private bool Close(ExecutionClose close)
    {
        var p = _close.Parameters;
        p[0].Value = close.ExecutionId;
        p[1].Value = (object?)close.Connector ?? DBNull.Value;
        p[2].Value = SqliteTime.ToDb(close.EndedAt);
        p[3].Value = close.Status;
        p[4].Value = (object?)close.Error ?? DBNull.Value;
        p[5].Value = close.TraceJson;
        p[6].Value = (object?)close.OutputJson ?? DBNull.Value;
        return _close.ExecuteNonQuery() > 0;
    }
}
