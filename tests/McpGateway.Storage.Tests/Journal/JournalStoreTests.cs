using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Journal;

/// <summary>
/// The journal store contract, run against every backend: each concrete subclass gives every test a fresh database
/// of its own (a temp SQLite file, a new PostgreSQL schema).
/// </summary>
public abstract partial class JournalStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected const string Instance = "gw-1";
    protected const string Trace = """[{"stage":"journal","decision":"opened"},{"stage":"upstream","decision":"ok"}]""";

    private readonly List<IJournalStore> _stores = [];

    /// <summary>Options that point at this test's own fresh database.</summary>
    protected abstract StorageOptions Options { get; }

    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public Task InitializeAsync() => CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>A store on this test's database, not yet initialized; disposed after the test.</summary>
    protected IJournalStore NewStore()
    {
        var store = JournalStoreFactory.Create(Options, NullLoggerFactory.Instance);
        Assert.IsAssignableFrom<IAsyncDisposable>(store);
        _stores.Add(store);
        return store;
    }

    protected async Task<IJournalStore> StartStoreAsync()
    {
        var store = NewStore();
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected static ValueTask StopStoreAsync(IJournalStore store) => ((IAsyncDisposable)store).DisposeAsync();

    protected static ExecutionRecord Record(
        string id, string tool = "crm__update", string? agent = "agent-a", int minute = 0, string instance = Instance) => new()
        {
            ExecutionId = id,
            InstanceId = instance,
            SessionId = "session-1",
            Agent = agent,
            Tool = tool,
            ArgumentsJson = """{"customer_id":"c_42","api_key":"[redacted]"}""",
            StartedAt = T0.AddMinutes(minute),
        };

    protected static ExecutionClose Close(string id, string status = "completed", string? error = null, string? connector = "crm") =>
        new(id, connector, T0.AddMinutes(30), status, error, Trace);

    [StoreFact]
    public async Task OpenAsync_NewRecord_GetReturnsItRunning()
    {
        var store = await StartStoreAsync();
        var record = Record("exe_open") with { Connector = "crm" };

        await store.OpenAsync(record, CancellationToken.None);

        var stored = await store.GetAsync("exe_open", CancellationToken.None);
        Assert.Equal(record, stored);
        Assert.Equal(ExecutionRecord.OpenStatus, stored!.Status);
        Assert.Null(stored.EndedAt);
        Assert.Null(stored.TraceJson);
    }

    [StoreFact]
    public async Task CloseAsync_OpenRecord_CompletesItWithTrace()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_close"), CancellationToken.None);

        var closed = await store.CloseAsync(Close("exe_close"), CancellationToken.None);

        Assert.True(closed);
        var stored = await store.GetAsync("exe_close", CancellationToken.None);
        Assert.Equal("completed", stored!.Status);
        Assert.Equal(T0.AddMinutes(30), stored.EndedAt);
        Assert.Equal(Trace, stored.TraceJson);
        Assert.Equal("crm", stored.Connector);
        Assert.Null(stored.Error);
    }

    [StoreFact]
    public async Task CloseAsync_WithOutput_KeptWithTheRecordAndListed()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_output"), CancellationToken.None);
        const string Output = """{"content":[{"type":"text","text":"done"}]}""";

        await store.CloseAsync(Close("exe_output") with { OutputJson = Output }, CancellationToken.None);
        await store.CloseAsync(Close("exe_no_output") with { Unopened = Record("exe_no_output") }, CancellationToken.None);

        Assert.Equal(Output, (await store.GetAsync("exe_output", CancellationToken.None))!.OutputJson);
        Assert.Null((await store.GetAsync("exe_no_output", CancellationToken.None))!.OutputJson);
        Assert.Equal(Output, (await store.ListAsync(new JournalQuery { Limit = 10 }, CancellationToken.None)).Single(r => r.ExecutionId == "exe_output").OutputJson);
    }

    [StoreFact]
    public async Task CloseAsync_AlreadyClosed_ReturnsFalseAndKeepsFirstClose()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_twice"), CancellationToken.None);
        await store.CloseAsync(Close("exe_twice"), CancellationToken.None);

        var second = await store.CloseAsync(Close("exe_twice", "failed", "boom") with { TraceJson = "[]" }, CancellationToken.None);

        Assert.False(second);
        var stored = await store.GetAsync("exe_twice", CancellationToken.None);
        Assert.Equal("completed", stored!.Status);
        Assert.Null(stored.Error);
        Assert.Equal(Trace, stored.TraceJson);
    }

    [StoreFact]
    public async Task CloseAsync_UnknownId_ReturnsFalseAndCreatesNothing()
    {
        var store = await StartStoreAsync();

        var closed = await store.CloseAsync(Close("exe_missing"), CancellationToken.None);

        Assert.False(closed);
        Assert.Null(await store.GetAsync("exe_missing", CancellationToken.None));
    }

    [StoreFact]
    public async Task CloseAsync_Unopened_WritesTheWholeRecordClosed()
    {
        var journal = await StartStoreAsync();

        var closed = await journal.CloseAsync(Close("exe_x", "denied", "no scope") with { Unopened = Record("exe_x") }, CancellationToken.None);

        Assert.True(closed);
        var stored = await journal.GetAsync("exe_x", CancellationToken.None);
        Assert.Equal(("denied", "no scope", T0.AddMinutes(30)), (stored!.Status, stored.Error, stored.EndedAt));
        Assert.Empty(await journal.ListOpenAsync(Instance, CancellationToken.None));
    }

    [StoreFact]
    public async Task CloseAsync_NoConnector_KeepsConnectorFromOpen()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_conn") with { Connector = "billing" }, CancellationToken.None);

        await store.CloseAsync(Close("exe_conn", "failed", "upstream said no", connector: null), CancellationToken.None);

        var stored = await store.GetAsync("exe_conn", CancellationToken.None);
        Assert.Equal("billing", stored!.Connector);
        Assert.Equal("failed", stored.Status);
        Assert.Equal("upstream said no", stored.Error);
    }

    [StoreFact]
    public async Task CloseAsync_RunningStatus_ThrowsArgumentException()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            async () => await store.CloseAsync(Close("exe_x", ExecutionRecord.OpenStatus), CancellationToken.None));
    }

    [StoreFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetAsync("exe_nobody", CancellationToken.None));
    }

    [StoreFact]
    public async Task OpenAsync_BeforeInitialize_ThrowsInvalidOperation()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.OpenAsync(Record("exe_early"), CancellationToken.None));
    }

    [StoreFact]
    public async Task OpenAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var store = await StartStoreAsync();
        await StopStoreAsync(store);

        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await store.OpenAsync(Record("exe_late"), CancellationToken.None));
    }
}
