using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>The journal in one SQLite file: the embedded default.</summary>
/// <remarks>
/// The file runs in WAL mode with <c>synchronous=NORMAL</c>. A commit appends its pages to the WAL with
/// <c>write()</c> before <see cref="OpenAsync"/> or <see cref="CloseAsync"/> returns but does not fsync it, so a
/// committed write survives <c>kill -9</c> of the gateway (the operating system still holds the bytes and writes them
/// out); only a power loss or OS crash can drop the last commits, and never corrupts the file. Writes go through one
/// connection owned by a group-commit writer; reads use pooled connections of their own and never wait for it.
/// </remarks>
internal sealed partial class SqliteJournalStore : IJournalStore, IAsyncDisposable
{
    private const int MaxBatchSize = 512;
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SqliteJournalReader _reader;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private SqliteJournalCommitter? _committer;
    private GroupCommitWriter<JournalWrite>? _writer;
    private SqliteCheckpointer? _checkpointer;
    private bool _disposed;

    /// <summary>Creates the store; nothing touches the file before <see cref="InitializeAsync"/>.</summary>
    public SqliteJournalStore(string path, ILogger<SqliteJournalStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _logger = logger;
        _readConnectionString = ConnectionString(pooling: true);
        _reader = new SqliteJournalReader(_readConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return;
            }

            if (Path.GetDirectoryName(_path) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(ConnectionString(pooling: false));
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                Pragma(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
                Pragma(connection, "PRAGMA journal_mode = WAL");
                Pragma(connection, "PRAGMA synchronous = NORMAL");

                // Checkpoints fsync; the checkpointer runs them off the write path. The high automatic threshold
                // only bounds the WAL if the checkpointer ever falls behind.
                Pragma(connection, "PRAGMA wal_autocheckpoint = 16384");
                var found = SqliteJournalSchema.Migrate(connection);
                LogSchema(found);
                _committer = new SqliteJournalCommitter(connection);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _writer = new GroupCommitWriter<JournalWrite>(_committer, MaxBatchSize, _logger);
            _checkpointer = new SqliteCheckpointer(ConnectionString(pooling: false), _logger);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        JournalArguments.ValidateOpen(record);
        return new ValueTask(Writer.WriteAsync(new JournalWrite(record, null), cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken)
    {
        JournalArguments.ValidateClose(close);
        return new ValueTask<bool>(Writer.WriteAsync(new JournalWrite(null, close), cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return _reader.GetAsync(executionId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return _reader.ListOpenAsync(instanceId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return _reader.ListAsync(query, cancellationToken);
    }

    /// <summary>Commits every write already queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_checkpointer is not null)
            {
                await _checkpointer.DisposeAsync().ConfigureAwait(false);
            }

            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }

            _committer?.Dispose();
            using var pooled = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private GroupCommitWriter<JournalWrite> Writer
    {
        get
        {
            ThrowIfNotReady();
            return _writer!;
        }
    }

    private void ThrowIfNotReady()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            throw new InvalidOperationException("Call InitializeAsync before using the journal store.");
        }
    }

    private string ConnectionString(bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = _path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = pooling,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    private void LogSchema(int found)
    {
        if (found < SqliteJournalSchema.LatestVersion)
        {
            Log.Migrated(_logger, _path, found, SqliteJournalSchema.LatestVersion);
        }
        else if (found > SqliteJournalSchema.LatestVersion)
        {
            Log.NewerSchema(_logger, _path, found, SqliteJournalSchema.LatestVersion);
        }
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }
}
