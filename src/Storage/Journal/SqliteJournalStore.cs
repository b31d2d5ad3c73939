using McpGateway.Storage.Batching;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Journal;

/// <summary>The journal in one SQLite file: the embedded default.</summary>
/// <remarks>
/// The file runs in WAL mode with <c>synchronous=NORMAL</c>. A commit appends its pages to the WAL with
/// <c>write()</c> before <see cref="BatchedJournalStore.OpenAsync"/> or <see cref="BatchedJournalStore.CloseAsync"/> returns but does not fsync it, so a
/// committed write survives <c>kill -9</c> of the gateway (the operating system still holds the bytes and writes them
/// out); only a power loss or OS crash can drop the last commits, and never corrupts the file. Writes go through one
/// connection owned by a group-commit writer; reads use pooled connections of their own and never wait for it.
/// </remarks>
internal sealed partial class SqliteJournalStore : BatchedJournalStore
{
    private const int MaxBatchSize = 512;

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly string _readConnectionString;
    private SqliteJournalCommitter? _committer;
    private SqliteCheckpointer? _checkpointer;

    /// <summary>Creates the store; nothing touches the file before <see cref="BatchedJournalStore.InitializeAsync"/>.</summary>
    public SqliteJournalStore(string path, ILogger<SqliteJournalStore> logger)
        : this(Path.GetFullPath(path), (ILogger)logger)
    {
    }

    private SqliteJournalStore(string fullPath, ILogger logger)
        : base(new SqliteJournalReader(SqliteConnectionStrings.For(fullPath, pooling: true)))
    {
        _path = fullPath;
        _logger = logger;
        _readConnectionString = SqliteConnectionStrings.For(fullPath, pooling: true);
    }

    /// <inheritdoc />
    protected override async ValueTask<GroupCommitWriter<JournalWrite>> StartAsync(CancellationToken cancellationToken)
    {
        SqliteFiles.Prepare(_path);

        var connection = new SqliteConnection(SqliteConnectionStrings.For(_path, pooling: false));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Pragma(connection, $"PRAGMA busy_timeout = {SqliteConnectionStrings.BusyTimeoutMilliseconds}");
            Pragma(connection, "PRAGMA journal_mode = WAL");
            Pragma(connection, "PRAGMA synchronous = NORMAL");

            // Checkpoints fsync; the checkpointer runs them off the write path. The high automatic threshold
            // only bounds the WAL if the checkpointer ever falls behind.
            Pragma(connection, $"PRAGMA wal_autocheckpoint = {SqliteCheckpointer.DeferredAutoCheckpointPages}");
            LogSchema(SqliteJournalSchema.Migrate(connection));
            _committer = new SqliteJournalCommitter(connection, SqliteWriteGate.For(_path));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _checkpointer = new SqliteCheckpointer(SqliteConnectionStrings.For(_path, pooling: false), _logger);
        return new GroupCommitWriter<JournalWrite>(_committer, MaxBatchSize, _logger);
    }

    /// <inheritdoc />
    protected override async ValueTask ReleaseAsync()
    {
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        _committer?.Dispose();
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

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
