using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Journal;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Commits a journal batch as one <see cref="NpgsqlBatch"/>: one round trip, and one implicit transaction (a
/// failing statement rolls back the whole batch). Key reservations and completions that ride on opens and closes are
/// statements of the same batch.
/// </summary>
internal sealed class PostgresJournalCommitter(NpgsqlDataSource dataSource) : IBatchCommitter<JournalWrite>
{
    /// <inheritdoc />
    public async ValueTask CommitAsync(ReadOnlyMemory<JournalWrite> items, Memory<bool> results)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var closeAt = new int[items.Length];
        var reservations = new List<KeyReservation>();
        for (var i = 0; i < items.Length; i++)
        {
            closeAt[i] = Add(batch, items.Span[i], reservations);
        }

        if (reservations.Count == 0)
        {
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        else
        {
            await ReadHoldersAsync(batch, reservations).ConfigureAwait(false);
        }

        for (var i = 0; i < items.Length; i++)
        {
            results.Span[i] = closeAt[i] < 0 || batch.BatchCommands[closeAt[i]].RecordsAffected > 0;
        }
    }

    /// <summary>
    /// Adds a write's statements; returns the index of the statement whose row count is the write's result (its close,
    /// its settlement or its reopen), or -1 when it has none.
    /// </summary>
    private static int Add(NpgsqlBatch batch, in JournalWrite write, List<KeyReservation> reservations)
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

        if (write.Reservation is { } reservation)
        {
            // The upsert, then the row read back in the same transaction: the execution id on it says who holds the
            // key. Under READ COMMITTED the read is a statement of its own, so it sees a concurrent holder's commit
            // that the upsert waited for.
            reservation.Holder = null;
            commands.Add(Reserve(reservation));
            var get = new NpgsqlBatchCommand(IdempotencySql.Get);
            get.Parameters.Add(Text("key", reservation.Candidate.Key));
            commands.Add(get);
            reservations.Add(reservation);
        }

        if (write.Close is not { } close)
        {
            return -1;
        }

        commands.Add(Close(close));
        var closeAt = commands.Count - 1;
        if (close.Completion is { } completion)
        {
            commands.Add(Complete(close.ExecutionId, completion));
        }

        return closeAt;
    }

    /// <summary>Runs the batch, reading one holder row per reservation, in order (only the reads return rows).</summary>
    private static async Task ReadHoldersAsync(NpgsqlBatch batch, List<KeyReservation> reservations)
    {
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        var next = 0;
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }

            var reservation = reservations[next++];
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Idempotency key '{reservation.Candidate.Key}' could not be read back after its reservation.");
            }

            var row = IdempotencyRows.Read(reader, PostgresTime.Read);
            reservation.Holder = row.ExecutionId == reservation.Candidate.ExecutionId ? null : row;
        }
        while (await reader.NextResultAsync().ConfigureAwait(false));

        if (next != reservations.Count)
        {
            throw new InvalidOperationException($"Read {next} idempotency holders for {reservations.Count} reservations.");
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

    private static NpgsqlBatchCommand Reserve(KeyReservation reservation)
    {
        var candidate = reservation.Candidate;
        var command = new NpgsqlBatchCommand(IdempotencySql.ReserveUpsert);
        var p = command.Parameters;
        p.Add(Text("key", candidate.Key));
        p.Add(Text("fingerprint", candidate.Fingerprint));
        p.Add(Text("execution", candidate.ExecutionId));
        p.Add(PostgresTime.Parameter("created", candidate.CreatedAt));
        p.Add(PostgresTime.Parameter("expires", candidate.ExpiresAt));
        p.Add(PostgresTime.Parameter("now", reservation.Now));
        return command;
    }

    private static NpgsqlBatchCommand Complete(string executionId, IdempotencyCompletion completion)
    {
        var command = new NpgsqlBatchCommand(IdempotencySql.ByKey.Complete);
        var p = command.Parameters;
        p.Add(Text("key", completion.Key));
        p.Add(Text("execution", executionId));
        p.Add(Text("outcome", completion.OutcomeStatus));
        p.Add(Text("result", completion.ResultJson));
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
