using McpGateway.Policy.Stages.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>Keys kept in a file of their own by earlier versions move into the journal's file on start.</summary>
public sealed class SqliteIdempotencyImportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _target = new();
    private readonly SqliteTestDatabase _legacy = new();
    private readonly List<IAsyncDisposable> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _target.DropAsync();
        await _legacy.DropAsync();
    }

    [Fact]
    public async Task ImportIdempotencyFileAsync_OldFile_KeysMoveAndTheFileIsRenamed()
    {
        var old = await StartAsync(_legacy.Options);
        Assert.Null(await old.TryReserveAsync(Key("k_done", "exe_1"), T0, CancellationToken.None));
        Assert.True(await old.CompleteAsync("k_done", "exe_1", "completed", """{"content":[]}""", CancellationToken.None));
        Assert.Null(await old.TryReserveAsync(Key("k_held", "exe_2"), T0, CancellationToken.None));
        _stores.Remove((IAsyncDisposable)old);
        await ((IAsyncDisposable)old).DisposeAsync(); // the old version is not running any more

        var keys = await StartAsync(_target.Options);
        Assert.Null(await keys.TryReserveAsync(Key("k_held", "exe_new"), T0, CancellationToken.None)); // already here: kept

        var copied = await StoreFactory.ImportIdempotencyFileAsync(_legacy.DatabasePath, _target.Options, CancellationToken.None);

        Assert.Equal(1, copied);
        var done = await keys.GetAsync("k_done", CancellationToken.None);
        Assert.Equal((IdempotencyStates.Completed, """{"content":[]}""", T0.AddHours(1)), (done!.State, done.ResultJson, done.ExpiresAt));
        Assert.Equal("exe_new", (await keys.GetAsync("k_held", CancellationToken.None))!.ExecutionId);
        Assert.False(File.Exists(_legacy.DatabasePath));
        Assert.True(File.Exists(_legacy.DatabasePath + ".imported"));
        Assert.Equal(0, await StoreFactory.ImportIdempotencyFileAsync(_legacy.DatabasePath, _target.Options, CancellationToken.None));
    }

    [Fact]
    public async Task ImportIdempotencyFileAsync_NoOldFile_DoesNothing()
    {
        await StartAsync(_target.Options);

        Assert.Equal(0, await StoreFactory.ImportIdempotencyFileAsync(_legacy.DatabasePath, _target.Options, CancellationToken.None));
    }

    private async Task<IIdempotencyStore> StartAsync(StorageOptions options)
    {
        var store = StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance);
        _stores.Add((IAsyncDisposable)store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static IdempotencyRecord Key(string key, string executionId) => new()
    {
        Key = key,
        Fingerprint = "fp",
        ExecutionId = executionId,
        State = IdempotencyStates.InFlight,
        CreatedAt = T0,
        ExpiresAt = T0.AddHours(1),
    };
}
