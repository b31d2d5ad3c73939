using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Journal;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Storage.Postgres;

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
        for (var i = 0; i < items.Length; i++)
        {
            var write = items.Span[i];
            batch.BatchCommands.Add(write.Open is { } open ? Insert(open) : Close(write.Close!));
        }

        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        for (var i = 0; i < items.Length; i++)
        {
            results.Span[i] = items.Span[i].Open is not null || batch.BatchCommands[i].RecordsAffected > 0;
        }
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
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
