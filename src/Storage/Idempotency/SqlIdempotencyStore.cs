using System.Data.Common;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency store of both backends: one table with the key as primary key, the same SQL
/// (<see cref="IdempotencySql"/>) and row mapping run on the backend's <see cref="RelationalDatabase"/>, which brings
/// its schema. Writes are group-committed (<see cref="IdempotencyBatchCommitter"/>); every write but a reservation is
/// one conditional statement whose affected-row count is the answer.
/// </summary>
internal abstract class SqlIdempotencyStore(RelationalDatabase database, ILogger logger)
    : IIdempotencyStore, IAsyncDisposable
{
    // Writes are group-committed: with an idempotency key on every call, one transaction per write queued the callers
    // on the database's write lock (SQLite) or on round trips (PostgreSQL); see bench/README.md.
    private const int MaxBatch = 256;
    private const int PurgeChunk = 1000;
    private readonly Lock _writerGate = new();
    private GroupCommitWriter<IdempotencyWrite>? _writer;
    private IBatchCommitter<IdempotencyWrite>? _committer;

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask<IdempotencyRecord?> TryReserveAsync(
        IdempotencyRecord candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!string.Equals(candidate.State, IdempotencyStates.InFlight, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A reservation must have state '{IdempotencyStates.InFlight}', not '{candidate.State}'.", nameof(candidate));
        }

        var reservation = new KeyReservation(candidate, now);
        await Writer().WriteAsync(IdempotencyWrite.Reserve(reservation), cancellationToken).ConfigureAwait(false);
        return reservation.Holder;
    }

    public async ValueTask<bool> CompleteAsync(
        string key, string executionId, string outcomeStatus, string resultJson, CancellationToken cancellationToken)
    {
        ValidateHeld(key, executionId);
        ArgumentException.ThrowIfNullOrEmpty(outcomeStatus);
        ArgumentNullException.ThrowIfNull(resultJson);
        return await WriteAsync(IdempotencySql.Complete, command =>
        {
            AddHeld(command, key, executionId);
            command.AddText("@outcome", outcomeStatus);
            command.AddText("@result", resultJson);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> MarkPendingApprovalAsync(
        string key, string executionId, string approvalId, CancellationToken cancellationToken)
    {
        ValidateHeld(key, executionId);
        ArgumentNullException.ThrowIfNull(approvalId);
        return await WriteAsync(IdempotencySql.MarkPendingApproval, command =>
        {
            AddHeld(command, key, executionId);
            command.AddText("@approval", approvalId);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TransferAsync(
        string key, string approvalId, string newExecutionId, string? newApprovalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(approvalId);
        ArgumentNullException.ThrowIfNull(newExecutionId);
        return await WriteAsync(IdempotencySql.Transfer, command =>
        {
            command.AddText("@key", key);
            command.AddText("@approval", approvalId);
            command.AddText("@newExecution", newExecutionId);
            command.AddText("@state", newApprovalId is null ? IdempotencyStates.InFlight : IdempotencyStates.PendingApproval);
            command.AddText("@newApproval", newApprovalId);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> MarkOutcomeUnknownAsync(string key, string executionId, CancellationToken cancellationToken)
    {
        ValidateHeld(key, executionId);
        return await WriteAsync(IdempotencySql.MarkOutcomeUnknown, command => AddHeld(command, key, executionId), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<bool> SettleOutcomeUnknownAsync(string key, string executionId, string? resultJson, CancellationToken cancellationToken)
    {
        ValidateHeld(key, executionId);
        return resultJson is null
            ? await WriteAsync(IdempotencySql.SettleUnknownAsNotDone, command => AddHeld(command, key, executionId), cancellationToken).ConfigureAwait(false)
            : await WriteAsync(IdempotencySql.SettleUnknownAsDone, command =>
            {
                AddHeld(command, key, executionId);
                command.AddText("@result", resultJson);
            }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> ReleaseAsync(string key, string executionId, CancellationToken cancellationToken)
    {
        ValidateHeld(key, executionId);
        return await WriteAsync(IdempotencySql.Release, command => AddHeld(command, key, executionId), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, IdempotencySql.Get, command => command.AddText("@key", key), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<IdempotencyRecord?> FindByExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, IdempotencySql.FindByExecution, command => command.AddText("@execution", executionId), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // In chunks, each its own statement: calls keep committing between them.
        var total = 0;
        int deleted;
        do
        {
            deleted = await ExecuteAsync(IdempotencySql.PurgeExpired, command =>
            {
                database.AddTime(command, "@now", now);
                command.AddInt32("@limit", PurgeChunk);
            }, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == PurgeChunk);

        return total;
    }

    /// <summary>Commits the writes already queued, then releases the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        GroupCommitWriter<IdempotencyWrite>? writer;
        IBatchCommitter<IdempotencyWrite>? committer;
        lock (_writerGate)
        {
            (writer, committer) = (_writer, _committer);
            (_writer, _committer) = (null, null);
        }

        if (writer is not null)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        if (committer is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        await database.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Reads the first row <paramref name="query"/> selects with <see cref="IdempotencySql.Columns"/>, or null.</summary>
    private async Task<IdempotencyRecord?> ReadAsync(
        DbConnection connection, string query, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(query);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await IdempotencyRows.ReadSingleAsync(reader, database, cancellationToken).ConfigureAwait(false);
    }

    private Task<bool> WriteAsync(string statement, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        Writer().WriteAsync(IdempotencyWrite.Statement(statement, bind), cancellationToken);

    /// <summary>The group-commit writer, started on first use (after InitializeAsync, which OpenAsync enforces).</summary>
    private GroupCommitWriter<IdempotencyWrite> Writer()
    {
        lock (_writerGate)
        {
            if (_writer is null)
            {
                _committer = new IdempotencyBatchCommitter(database);
                _writer = new GroupCommitWriter<IdempotencyWrite>(_committer, MaxBatch, logger);
            }

            return _writer;
        }
    }

    private static void ValidateHeld(string key, string executionId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(executionId);
    }

    private static void AddHeld(DbCommand command, string key, string executionId)
    {
        command.AddText("@key", key);
        command.AddText("@execution", executionId);
    }

    /// <summary>Runs one statement on a pooled connection; returns the rows it changed.</summary>
    private async ValueTask<int> ExecuteAsync(string statement, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(statement);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
