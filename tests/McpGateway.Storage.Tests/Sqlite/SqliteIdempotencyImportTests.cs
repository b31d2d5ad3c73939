using McpGateway.Policy.Stages.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>Keys kept in a file of their own by earlier versions move into the journal's file on start.</summary>
public sealed class SqliteIdempotencyImportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _target = new();
    private readonly SqliteTestDatabase _legacy = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _target.DropAsync();
        await _legacy.DropAsync();
    }

    [Fact]
    public async Task ImportIdempotencyFileAsync_OldFile_KeysMoveAndTheFileIsRenamed()
    {
        await using (var old = await StartAsync(_legacy.Options))
        {
            Assert.Null(await old.TryReserveAsync(Key("k_done", "exe_1"), T0, CancellationToken.None));
            Assert.True(await old.CompleteAsync("k_done", "exe_1", "completed", """{"content":[]}""", CancellationToken.None));
            Assert.Null(await old.TryReserveAsync(Key("k_held", "exe_2"), T0, CancellationToken.None));
        }

        await using var keys = await StartAsync(_target.Options);
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
        await using var keys = await StartAsync(_target.Options);

        Assert.Equal(0, await StoreFactory.ImportIdempotencyFileAsync(_legacy.DatabasePath, _target.Options, CancellationToken.None));
    }

    private static async Task<AsyncDisposableStore> StartAsync(StorageOptions options)
    {
        var store = StoreFactory.CreateIdempotencyStore(options, NullLoggerFactory.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return new AsyncDisposableStore(store);
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

    /// <summary>The store, disposed (its pool released) at the end of a using block.</summary>
    private sealed class AsyncDisposableStore(IIdempotencyStore store) : IAsyncDisposable
    {
        public ValueTask<IdempotencyRecord?> TryReserveAsync(IdempotencyRecord candidate, DateTimeOffset now, CancellationToken ct) =>
            store.TryReserveAsync(candidate, now, ct);

        public ValueTask<bool> CompleteAsync(string key, string executionId, string status, string json, CancellationToken ct) =>
            store.CompleteAsync(key, executionId, status, json, ct);

        public ValueTask<IdempotencyRecord?> GetAsync(string key, CancellationToken ct) => store.GetAsync(key, ct);

        public ValueTask DisposeAsync() => ((IAsyncDisposable)store).DisposeAsync();
    }
}
