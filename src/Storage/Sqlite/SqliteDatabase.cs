using System.Data;
using System.Data.Common;
using McpGateway.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// A store's tables in a SQLite file, which may be the journal's (each store has its own tables and its own row in
/// <c>schema_version</c>). Every operation takes a pooled connection; writers queue on SQLite's write lock through
/// <c>busy_timeout</c>.
/// </summary>
/// <remarks>
/// The file runs in WAL mode with <c>synchronous=NORMAL</c>, like the journal: a committed reservation, approval or key
/// is in the WAL when its write returns, so it survives <c>kill -9</c> of the gateway; only an OS crash or power loss
/// before the next checkpoint can lose the newest ones. FULL (an fsync per commit) was measured first: with an
/// idempotency key on every call, 16 concurrent callers queued on the write lock for its fsyncs and the full pipeline
/// ran at 22% of the pass-through throughput.
/// </remarks>
internal sealed class SqliteDatabase : RelationalDatabase
{

    private readonly string _path;
    private readonly string _connectionString;
    private readonly bool _backgroundCheckpoints;
    private readonly ILogger _logger;
    private SqliteCheckpointer? _checkpointer;

    /// <summary>Describes the database; nothing touches the file before <see cref="RelationalDatabase.InitializeAsync"/>.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="schema">The store's tables.</param>
    /// <param name="logger">For migrations and checkpoint failures.</param>
    /// <param name="backgroundCheckpoints">
    /// For a file on the tool-call path (idempotency keys): checkpoint once a second from a connection of its own, as
    /// the journal does, instead of every ~1,000 WAL pages inline on whichever commit crosses the line. The inline
    /// checkpoint's fsync stalled every write queued behind it (p99 13 ms at 16 concurrent callers).
    /// </param>
    public SqliteDatabase(string path, StoreSchema schema, ILogger logger, bool backgroundCheckpoints = false)
        : base(schema, logger)
    {
        _logger = logger;
        _backgroundCheckpoints = backgroundCheckpoints;
        _path = Path.GetFullPath(path);
        _connectionString = SqliteConnectionStrings.For(_path, pooling: true);
    }

    /// <inheritdoc />
    protected override string Location => _path;

    /// <inheritdoc />
    public override bool ReusesCommands => true;

    /// <inheritdoc />
    public override async ValueTask<IDisposable?> EnterWriteAsync()
    {
        var gate = SqliteWriteGate.For(_path);
        await gate.WaitAsync().ConfigureAwait(false);
        return new GateLease(gate);
    }

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Not deferred: BEGIN IMMEDIATE takes the write lock (waiting on busy_timeout) before the first statement, so
        // the transaction never has to upgrade a read snapshot that another writer made stale.
        var sqlite = (SqliteConnection)connection;
        return ValueTask.FromResult<DbTransaction>(sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false));
    }

    /// <inheritdoc />
    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        command.Add(name, DbType.Int64, value is { } time ? SqliteTime.ToDb(time) : null);

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => SqliteTime.Read(reader, ordinal);

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: raw.SQLITE_CONSTRAINT } sqlite &&
        sqlite.SqliteExtendedErrorCode is raw.SQLITE_CONSTRAINT_UNIQUE or raw.SQLITE_CONSTRAINT_PRIMARYKEY;

    /// <inheritdoc />
    protected override async ValueTask<int> MigrateAsync(StoreSchema storeSchema, CancellationToken cancellationToken)
    {
        SqliteFiles.Prepare(_path);

        await using var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "PRAGMA journal_mode = WAL");
        var from = SqliteMigrator.Migrate(connection, storeSchema.Component, storeSchema.Migrations);
        if (_backgroundCheckpoints)
        {
            _checkpointer ??= new SqliteCheckpointer(SqliteConnectionStrings.For(_path, pooling: false), _logger);
        }

        return from;
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per connection, and a pooled connection may be new: set both every time (neither touches the disk).
            var pragmas = $"PRAGMA busy_timeout = {SqliteConnectionStrings.BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL";
            Execute(connection, _backgroundCheckpoints ? $"{pragmas}; PRAGMA wal_autocheckpoint = {SqliteCheckpointer.DeferredAutoCheckpointPages}" : pragmas);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask ReleaseAsync()
    {
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
            _checkpointer = null;
        }

        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class GateLease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
