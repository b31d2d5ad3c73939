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
        var row = await ReadAsync(connection, SqliteIdempotencySql.GetById, command => command.Add("@id", DbType.Int64, id), cancellationToken)
            .ConfigureAwait(false);
        return row is not null && string.Equals(row.Key, key, StringComparison.Ordinal) &&
            !string.Equals(row.State, IdempotencySql.Released, StringComparison.Ordinal)
            ? row
            : null;
    }

    /// <summary>
    /// Walks the log in id ranges of <see cref="PurgeSpan"/>, each range one short statement (calls keep committing
    /// between them), deleting the rows expired at <paramref name="now"/> and the released ones; then drops the expired
    /// keys from this process's map. The newest row is emptied instead of deleted (see
    /// <see cref="SqliteIdempotencySql.ScrubNewest"/>). With no index on expiry, a purge reads every row once.
    /// </summary>
    public override async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        long? first;
        long? newest;
        await using (var connection = await Database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var bounds = connection.CreateCommand(SqliteIdempotencySql.Bounds))
        await using (var reader = await bounds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            first = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            newest = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        var total = 0;
        var after = first - 1;
        while (after is { } from && from < newest)
        {
            var through = from + PurgeSpan;
            total += await ExecuteAsync(SqliteIdempotencySql.PurgeRange, command =>
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
            total += await ExecuteAsync(SqliteIdempotencySql.ScrubNewest, command =>
            {
                command.Add("@newest", DbType.Int64, last);
                Database.AddTime(command, "@now", now);
            }, cancellationToken).ConfigureAwait(false);
        }

        _keys.Prune(SqliteTime.ToDb(now));
        return total;
    }

    /// <inheritdoc />
    protected override IBatchCommitter<IdempotencyWrite> CreateCommitter() => new SqliteIdempotencyCommitter(Database, _keys);

    // The next id past a purged range: the walk skips the gaps that earlier purges left.
    private async Task<long?> NextIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var next = connection.CreateCommand(SqliteIdempotencySql.NextId);
        next.Add("@id", DbType.Int64, id);
        return await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long found ? found : null;
    }
}
