using System.Globalization;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>The journal and the plain stores on one SQLite file: separate tables, one <c>schema_version</c>.</summary>
public sealed class SqliteSharedFileTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly List<IAsyncDisposable> _stores = [];

    public Task InitializeAsync() => _database.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _database.DropAsync();
    }

    [Fact]
    public async Task InitializeAsync_EveryStoreOnOneFileConcurrently_RecordsEachComponentOnceInWalMode()
    {
        var options = _database.Options;
        var starts = new List<Func<Task>>();
        for (var replica = 0; replica < 2; replica++)
        {
            var journal = Track(JournalStoreFactory.Create(options, NullLoggerFactory.Instance));
            var keys = Track(StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance));
            var idempotency = Track(StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance));
            var approvals = Track(StoreFactory.CreateApprovalStore(options, NullLoggerFactory.Instance));
            var flows = Track(StoreFactory.CreateFlowStore(options, NullLoggerFactory.Instance));
            var runs = Track(StoreFactory.CreateRunStore(options, NullLoggerFactory.Instance));
            starts.Add(async () => await journal.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await keys.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await idempotency.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await approvals.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await flows.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await runs.InitializeAsync(CancellationToken.None));
        }

        await Task.WhenAll(starts.Select(Task.Run));

        await using var connection = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(
            "api_keys:1,api_keys:2,approvals:1,approvals:2,flows:1,flows:2,flows:3,idempotency:1,idempotency:2,idempotency:3,journal:1,journal:2,journal:3,journal:4,journal:5,journal:6,journal:7,runs:1,runs:2",
            Scalar(connection, "SELECT group_concat(component || ':' || version, ',') FROM (SELECT * FROM schema_version ORDER BY component, version)"));
    }

    [Fact]
    public async Task Stores_OnOneFile_KeepTheirRowsApart()
    {
        var options = _database.Options;
        var journal = Track(JournalStoreFactory.Create(options, NullLoggerFactory.Instance));
        var idempotency = Track(StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance));
        await journal.InitializeAsync(CancellationToken.None);
        await idempotency.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);

        await journal.OpenAsync(new ExecutionRecord
        {
            ExecutionId = "exe_1", InstanceId = "gw", Tool = "t", ArgumentsJson = "{}", StartedAt = now,
        }, CancellationToken.None);
        await idempotency.TryReserveAsync(new IdempotencyRecord
        {
            Key = "k", Fingerprint = "f", ExecutionId = "exe_1", State = IdempotencyStates.InFlight,
            CreatedAt = now, ExpiresAt = now.AddHours(1),
        }, now, CancellationToken.None);

        Assert.NotNull(await journal.GetAsync("exe_1", CancellationToken.None));
        Assert.Equal("k", (await idempotency.FindByExecutionAsync("exe_1", CancellationToken.None))?.Key);
    }

    private T Track<T>(T store)
    {
        _stores.Add((IAsyncDisposable)store!);
        return store;
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
