using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>Replicas starting every store at once on one PostgreSQL schema.</summary>
[RequiresPostgres]
public sealed class PostgresSharedSchemaTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
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

    [PostgresFact]
    public async Task InitializeAsync_EveryStoreOnFourReplicasConcurrently_RecordsEachComponentOnce()
    {
        var options = _database.Options;
        var starts = new List<Func<Task>>();
        for (var replica = 0; replica < 4; replica++)
        {
            var keys = Track(StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance));
            var idempotency = Track(StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance));
            var approvals = Track(StoreFactory.CreateApprovalStore(options, NullLoggerFactory.Instance));
            var flows = Track(StoreFactory.CreateFlowStore(options, NullLoggerFactory.Instance));
            var runs = Track(StoreFactory.CreateRunStore(options, NullLoggerFactory.Instance));
            starts.Add(async () => await keys.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await idempotency.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await approvals.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await flows.InitializeAsync(CancellationToken.None));
            starts.Add(async () => await runs.InitializeAsync(CancellationToken.None));
        }

        await Task.WhenAll(starts.Select(Task.Run));

        Assert.Equal(
            "api_keys:1,api_keys:2,approvals:1,approvals:2,flows:1,flows:2,flows:3,idempotency:1,runs:1,runs:2",
            await PostgresTestDatabase.ScalarAsync(
                $"SELECT string_agg(component || ':' || version, ',' ORDER BY component, version) FROM \"{_database.Schema}\".schema_version"));
    }

    private T Track<T>(T store)
    {
        _stores.Add((IAsyncDisposable)store!);
        return store;
    }
}
