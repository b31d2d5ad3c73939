namespace McpGateway.Storage.Tests;

/// <summary>
/// The base of a store suite run against every backend: each concrete subclass gives every test a fresh database of
/// its own, and every store a test makes is disposed after it.
/// </summary>
public abstract class StoreTests<TStore>(TestDatabase database) : IAsyncLifetime
    where TStore : class
{
    /// <summary>A time with a non-UTC offset and microseconds, so round trips prove they keep the instant exactly.</summary>
    protected static readonly DateTimeOffset T0 =
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4560);

    /// <summary>How many callers race in a concurrency test.</summary>
    protected const int Racers = 24;

    private readonly List<TStore> _stores = [];

    protected TestDatabase Database => database;

    public Task InitializeAsync() => database.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        await database.DropAsync();
    }

    /// <summary>Creates a store on <paramref name="options"/> through the public factory.</summary>
    protected abstract TStore Create(StorageOptions options);

    /// <summary>Calls the store's InitializeAsync.</summary>
    protected abstract ValueTask StartAsync(TStore store);

    /// <summary>A store on this test's database, not yet initialized; disposed after the test.</summary>
    protected TStore NewStore()
    {
        var store = Create(database.Options);
        Assert.IsAssignableFrom<IAsyncDisposable>(store);
        _stores.Add(store);
        return store;
    }

    /// <summary>An initialized store on this test's database (another one is another replica).</summary>
    protected async Task<TStore> StartStoreAsync()
    {
        var store = NewStore();
        await StartAsync(store);
        return store;
    }

    /// <summary>
    /// Runs <paramref name="count"/> calls at once on the thread pool, released together by one gate so they really
    /// overlap; call i gets i.
    /// </summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await call(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }
}
