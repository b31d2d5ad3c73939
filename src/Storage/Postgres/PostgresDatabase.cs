using System.Data.Common;
using McpGateway.Storage.Relational;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// A store's tables in PostgreSQL, shared by every gateway replica: correctness rests on the server's unique
/// constraints, row locks and conditional updates, never on anything held in one process.
/// </summary>
internal sealed class PostgresDatabase : RelationalDatabase
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the connection pool; nothing connects before <see cref="RelationalDatabase.InitializeAsync"/>.</summary>
    public PostgresDatabase(string connectionString, StoreSchema schema, ILogger logger)
        : base(schema, logger)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0)
        {
            // A store runs the same few statements again and again: let Npgsql prepare them server-side.
            settings.MaxAutoPrepare = 16;
        }

        Location = $"{settings.Host}:{settings.Port}/{settings.Database}";
        _dataSource = builder.Build();
    }

    /// <inheritdoc />
    protected override string Location { get; }

    /// <inheritdoc />
    public override string RowShareLock => " FOR SHARE";

    /// <inheritdoc />
    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(value is { } time
            ? PostgresTime.Parameter(name, time)
            : new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = DBNull.Value });

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => PostgresTime.Read(reader, ordinal);

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    protected override async ValueTask<int> MigrateAsync(StoreSchema storeSchema, CancellationToken cancellationToken) =>
        await PostgresMigrator.MigrateAsync(_dataSource, storeSchema.Component, storeSchema.Migrations, cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override ValueTask ReleaseAsync() => _dataSource.DisposeAsync();
}
