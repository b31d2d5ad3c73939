using McpGateway.Storage.Batching;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.Storage.Journal;

/// <summary>The journal in PostgreSQL: the shared store when several gateway replicas run.</summary>
/// <remarks>
/// A write returns once PostgreSQL has committed it (with the server's own <c>synchronous_commit</c>, on by default,
/// that is after the WAL flush). Concurrent writes of this replica share one batch, one round trip and one commit.
/// </remarks>
internal sealed partial class PostgresJournalStore : BatchedJournalStore
{
    private const int MaxBatchSize = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    /// <summary>Creates the store and its connection pool; nothing connects before <see cref="BatchedJournalStore.InitializeAsync"/>.</summary>
    public PostgresJournalStore(string connectionString, ILogger<PostgresJournalStore> logger)
        : this(Build(connectionString), logger)
    {
    }

    private PostgresJournalStore(NpgsqlDataSource dataSource, ILogger logger)
        : base(new PostgresJournalReader(dataSource))
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async ValueTask<GroupCommitWriter<JournalWrite>> StartAsync(CancellationToken cancellationToken)
    {
        var found = await PostgresJournalSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        if (found < PostgresJournalSchema.LatestVersion)
        {
            Log.Migrated(_logger, found, PostgresJournalSchema.LatestVersion);
        }
        else if (found > PostgresJournalSchema.LatestVersion)
        {
            Log.NewerSchema(_logger, found, PostgresJournalSchema.LatestVersion);
        }

        return new GroupCommitWriter<JournalWrite>(new PostgresJournalCommitter(_dataSource), MaxBatchSize, _logger);
    }

    /// <inheritdoc />
    protected override ValueTask ReleaseAsync() => _dataSource.DisposeAsync();

    private static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The journal runs the same few statements on every call: let Npgsql prepare them server-side.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        return builder.Build();
    }
}
