using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;
using McpGateway.Storage.Journal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>The journal in PostgreSQL: the shared store when several gateway replicas run.</summary>
/// <remarks>
/// A write returns once PostgreSQL has committed it (with the server's own <c>synchronous_commit</c>, on by default,
/// that is after the WAL flush). Concurrent writes of this replica share one batch, one round trip and one commit.
/// </remarks>
internal sealed partial class PostgresJournalStore : IJournalStore, IAsyncDisposable
{
    private const int MaxBatchSize = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly PostgresJournalReader _reader;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private GroupCommitWriter<JournalWrite>? _writer;
    private bool _disposed;

    /// <summary>Creates the store and its connection pool; nothing connects before <see cref="InitializeAsync"/>.</summary>
    public PostgresJournalStore(string connectionString, ILogger<PostgresJournalStore> logger)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The journal runs the same few statements on every call: let Npgsql prepare them server-side.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        _dataSource = builder.Build();
        _logger = logger;
        _reader = new PostgresJournalReader(_dataSource);
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

            var found = await PostgresJournalSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
            if (found < PostgresJournalSchema.LatestVersion)
            {
                Log.Migrated(_logger, found, PostgresJournalSchema.LatestVersion);
            }
            else if (found > PostgresJournalSchema.LatestVersion)
            {
                Log.NewerSchema(_logger, found, PostgresJournalSchema.LatestVersion);
            }

            _writer = new GroupCommitWriter<JournalWrite>(new PostgresJournalCommitter(_dataSource), MaxBatchSize, _logger);
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

    /// <summary>Commits every write already queued, then closes the connection pool.</summary>
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
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }

            await _dataSource.DisposeAsync().ConfigureAwait(false);
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
}
