using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Storage.Journal;

/// <summary>
/// Commits a journal batch as one <see cref="NpgsqlBatch"/>: one round trip, and one implicit transaction (a
/// failing statement rolls back the whole batch).
/// </summary>
internal sealed class PostgresJournalCommitter(NpgsqlDataSource dataSource) : IBatchCommitter<JournalWrite>
{
    /// <inheritdoc />
    public async ValueTask CommitAsync(ReadOnlyMemory<JournalWrite> items, Memory<bool> results)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var closeAt = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            closeAt[i] = Add(batch, items.Span[i]);
        }

        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);

        for (var i = 0; i < items.Length; i++)
        {
            results.Span[i] = closeAt[i] < 0 || batch.BatchCommands[closeAt[i]].RecordsAffected > 0;
        }
    }

    /// <summary>
    /// Adds a write's statements; returns the index of the statement whose row count is the write's result (its close,
    /// its settlement or its reopen), or -1 when it has none.
    /// </summary>
    private static int Add(NpgsqlBatch batch, in JournalWrite write)
    {
        var commands = batch.BatchCommands;
        if (write.Settlement is { } settlement)
        {
            var settle = new NpgsqlBatchCommand(JournalSql.Settle);
            settle.Parameters.Add(Text("id", settlement.ExecutionId));
            settle.Parameters.Add(Text("settlement", settlement.Json));
            commands.Add(settle);
            return commands.Count - 1;
        }

        if (write.Reopen is { } reopen)
        {
            var command = new NpgsqlBatchCommand(reopen.Reason == JournalReopen.Thaw ? JournalSql.ReopenFrozen : JournalSql.Reopen);
            command.Parameters.Add(Text("id", reopen.ExecutionId));
            command.Parameters.Add(Text("instance", reopen.InstanceId));
            commands.Add(command);
            return commands.Count - 1;
        }

        if (write.Inserted is { } record)
        {
            commands.Add(Insert(record));
        }

        if (write.Close is not { } close)
        {
            return -1;
        }

        commands.Add(Close(close));
        return commands.Count - 1;
    }

    private static NpgsqlBatchCommand Insert(ExecutionRecord record)
    {
        var command = new NpgsqlBatchCommand(JournalSql.Insert);
        var p = command.Parameters;
        p.Add(Text("id", record.ExecutionId));
        p.Add(Text("instance", record.InstanceId));
        p.Add(Text("session", record.SessionId));
        p.Add(Text("agent", record.Agent));
        p.Add(Text("connector", record.Connector));
        p.Add(Text("tool", record.Tool));
        p.Add(Text("arguments", record.ArgumentsJson));
        p.Add(PostgresTime.Parameter("started", record.StartedAt));
        return command;
    }

    private static NpgsqlBatchCommand Close(ExecutionClose close)
    {
        var command = new NpgsqlBatchCommand(JournalSql.Close);
        var p = command.Parameters;
        p.Add(Text("id", close.ExecutionId));
        p.Add(Text("connector", close.Connector));
        p.Add(PostgresTime.Parameter("ended", close.EndedAt));
        p.Add(Text("status", close.Status));
        p.Add(Text("error", close.Error));
        p.Add(Text("trace", close.TraceJson));
        p.Add(Text("output", close.OutputJson));
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
