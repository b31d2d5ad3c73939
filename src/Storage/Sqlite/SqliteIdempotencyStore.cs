using System.Data;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Idempotency;
using McpGateway.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Idempotency keys in a SQLite file, the journal's in the gateway (the journal writes the reservations and completions
/// of keyed calls): a key log with no index on the key, found through this process's <see cref="SqliteKeyIndex"/>;
/// <see cref="SqlIdempotencyStore"/> does the rest.
/// </summary>
internal sealed class SqliteIdempotencyStore : SqlIdempotencyStore
{
    private static readonly StoreSchema s_schema = new("idempotency", [IdempotencySchema.Sqlite, SqliteIdempotencySql.ToKeyLog]);

    // Ids per purge statement: a few milliseconds of the write lock each.
    private const long PurgeSpan = 5_000;

    private readonly SqliteKeyIndex _keys;
    private bool _completions;

    public SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger)
        : this(path, logger, SqliteKeyIndex.For(path))
    {
    }

    /// <summary>A store with a map of its own, as if in a process of its own (tests of the cross-process path).</summary>
    internal SqliteIdempotencyStore(string path, ILogger<SqliteIdempotencyStore> logger, SqliteKeyIndex keys)
        : base(new SqliteDatabase(path, s_schema, logger, backgroundCheckpoints: true), IdempotencySql.ByRow, logger)
    {
        _keys = keys;
    }

    /// <inheritdoc />
    public override async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = (SqliteConnection)await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        _keys.CatchUp(connection);
    }

    /// <inheritdoc />
    public override async ValueTask<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = (SqliteConnection)await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        _keys.CatchUp(connection);
        if (_keys.Find(key) is not { } id)
        {
            return null;
        }

        // The row may have been deleted since the catch-up (replaced, purged): then the key is absent, as it is once
        // released.
        var query = HasCompletions(connection) ? SqliteIdempotencySql.GetByIdCompleted : SqliteIdempotencySql.GetById;
        var row = await ReadAsync(connection, query, command => command.Add("@id", DbType.Int64, id), cancellationToken)
            .ConfigureAwait(false);
        return row is not null && string.Equals(row.Key, key, StringComparison.Ordinal) &&
            !string.Equals(row.State, IdempotencySql.Released, StringComparison.Ordinal)
            ? row
            : null;
    }

    /// <inheritdoc />
    public override async ValueTask<IdempotencyRecord?> FindByExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await using var connection = (SqliteConnection)await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var query = HasCompletions(connection) ? SqliteIdempotencySql.FindByExecutionCompleted : IdempotencySql.ByRow.FindByExecution;
        return await ReadAsync(connection, query, command => command.AddText("@execution", executionId), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Walks the log in id ranges of <see cref="PurgeSpan"/>, each range one short statement (calls keep committing
    /// between them), deleting the rows expired at <paramref name="now"/> and the released ones; then drops the expired
    /// keys from this process's map. The newest row is emptied instead of deleted (see
    /// <see cref="SqliteIdempotencySql.ScrubNewest"/>). With no index on expiry, a purge reads every row once. The
    /// completions the journal keeps in execution rows for the rows it removes are emptied in the removal's transaction:
    /// a stored result lives as long as its key.
    /// </summary>
    public override async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        long? first;
        long? newest;
        bool completions;
        await using (var connection = await Database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var bounds = connection.CreateCommand(SqliteIdempotencySql.Bounds))
        await using (var reader = await bounds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            first = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            newest = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            completions = HasCompletions((SqliteConnection)connection);
        }

        var total = 0;
        var after = first - 1;
        while (after is { } from && from < newest)
        {
            var through = from + PurgeSpan;
            var clear = completions ? SqliteIdempotencySql.ClearResultsOfRange : null;
            total += await RemoveAsync(clear, SqliteIdempotencySql.PurgeRange, command =>
            {
                command.Add("@after", DbType.Int64, from);
                command.Add("@through", DbType.Int64, through);
                command.Add("@newest", DbType.Int64, newest.Value);
                Database.AddTime(command, "@now", now);
            }, cancellationToken).ConfigureAwait(false);
            after = await NextIdAsync(through, cancellationToken).ConfigureAwait(false) - 1;
        }

        if (newest is { } last)
        {
            var clear = completions ? SqliteIdempotencySql.ClearResultOfNewest : null;
            total += await RemoveAsync(clear, SqliteIdempotencySql.ScrubNewest, command =>
            {
                command.Add("@newest", DbType.Int64, last);
                Database.AddTime(command, "@now", now);
            }, cancellationToken).ConfigureAwait(false);
        }

        _keys.Prune(SqliteTime.ToDb(now));
        return total;
    }

    // Empties the completions of the rows a purge statement removes (when the file has them), then runs it, in one
    // transaction; returns the rows the purge statement changed.
    private async Task<int> RemoveAsync(string? clear, string remove, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (clear is not null)
        {
            await using var first = connection.CreateCommand();
            first.Transaction = transaction;
            first.CommandText = clear;
            bind(first);
            await first.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = remove;
        bind(command);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    // Whether the file's execution rows carry key completions (the journal's migration 5): reads take them from there.
    // Checked until the journal has migrated the file (a file of this store alone has no journal); once true, always.
    private bool HasCompletions(SqliteConnection connection)
    {
        if (!_completions)
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteIdempotencySql.HasExecutionResults;
            _completions = command.ExecuteScalar() is not null;
        }

        return _completions;
    }

    /// <inheritdoc />
    protected override IBatchCommitter<IdempotencyWrite> CreateCommitter() => new SqliteIdempotencyCommitter(Database, _keys, HasCompletions);

    // The next id past a purged range: the walk skips the gaps that earlier purges left.
    private async Task<long?> NextIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var next = connection.CreateCommand(SqliteIdempotencySql.NextId);
        next.Add("@id", DbType.Int64, id);
        return await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long found ? found : null;
    }
}
