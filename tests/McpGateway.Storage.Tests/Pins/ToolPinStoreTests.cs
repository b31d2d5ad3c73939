using McpGateway.Connectors.Catalog.Pinning;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Pins;

/// <summary>The tool pin store contract, run against every backend.</summary>
public abstract class ToolPinStoreTests(TestDatabase database) : StoreTests<IToolPinStore>(database)
{
    protected override IToolPinStore Create(StorageOptions options) =>
        StoreFactory.CreateToolPinStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IToolPinStore store) => store.InitializeAsync(CancellationToken.None);

    private static ToolPin Pin(string hash, string by = ToolPins.FirstSeen) => new()
    {
        Connector = "crm", Tool = "get_customer", Hash = hash, DefinitionJson = $$"""{"description":"{{hash}}"}""", PinnedAt = T0, PinnedBy = by,
    };

    [StoreFact]
    public async Task AddAsync_SecondPinOfSameTool_KeepsTheFirstAndJournalsOnce()
    {
        var store = await StartStoreAsync();

        var first = await store.AddAsync(Pin("aaa"), CancellationToken.None);
        var second = await store.AddAsync(Pin("bbb"), CancellationToken.None);
        var pins = await store.ListAsync("crm", CancellationToken.None);
        var events = await store.EventsAsync("crm", "get_customer", 10, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        var pin = Assert.Single(pins);
        Assert.Equal("aaa", pin.Hash);
        Assert.Equal(T0, pin.PinnedAt);
        Assert.Equal("""{"description":"aaa"}""", pin.DefinitionJson);
        var entry = Assert.Single(events);
        Assert.Equal((ToolPinEvent.Pinned, "aaa", ToolPins.FirstSeen), (entry.Kind, entry.Hash, entry.Actor));
    }

    [StoreFact]
    public async Task MarkChangedAsync_SameSeenHashFromTwoReplicas_JournalsOnce()
    {
        var store = await StartStoreAsync();
        var other = await StartStoreAsync();
        await store.AddAsync(Pin("aaa"), CancellationToken.None);

        var first = await store.MarkChangedAsync("crm", "get_customer", "aaa", "bbb", T0, CancellationToken.None);
        var again = await other.MarkChangedAsync("crm", "get_customer", "aaa", "bbb", T0, CancellationToken.None);
        var another = await other.MarkChangedAsync("crm", "get_customer", "aaa", "ccc", T0, CancellationToken.None);
        var events = await store.EventsAsync("crm", "get_customer", 10, CancellationToken.None);

        Assert.True(first);
        Assert.False(again);
        Assert.True(another);
        Assert.Equal([ToolPinEvent.Changed, ToolPinEvent.Changed, ToolPinEvent.Pinned], events.Select(e => e.Kind));
        Assert.Equal(("ccc", "aaa"), (events[0].Hash, events[0].PreviousHash));
        Assert.Equal("aaa", (await store.GetAsync("crm", "get_customer", CancellationToken.None))!.Hash);
    }

    [StoreFact]
    public async Task AcceptAsync_ExpectedHashStale_RefusesAndKeepsTheWinner()
    {
        var store = await StartStoreAsync();
        var other = await StartStoreAsync();
        await store.AddAsync(Pin("aaa"), CancellationToken.None);
        await store.MarkChangedAsync("crm", "get_customer", "aaa", "bbb", T0, CancellationToken.None);

        var accepted = await store.AcceptAsync(Pin("bbb", "ops"), "aaa", CancellationToken.None);
        var stale = await other.AcceptAsync(Pin("ccc", "dev"), "aaa", CancellationToken.None);
        var pin = await other.GetAsync("crm", "get_customer", CancellationToken.None);
        var events = await other.EventsAsync("crm", "get_customer", 10, CancellationToken.None);

        Assert.True(accepted);
        Assert.False(stale);
        Assert.Equal(("bbb", "ops"), (pin!.Hash, pin.PinnedBy));
        Assert.Equal((ToolPinEvent.Accepted, "bbb", "aaa", "ops"), (events[0].Kind, events[0].Hash, events[0].PreviousHash, events[0].Actor));
        Assert.Equal(3, events.Count);
    }

    [StoreFact]
    public async Task MarkChangedAsync_AfterAcceptanceSameHashAgain_JournalsAgain()
    {
        var store = await StartStoreAsync();
        await store.AddAsync(Pin("aaa"), CancellationToken.None);
        await store.MarkChangedAsync("crm", "get_customer", "aaa", "bbb", T0, CancellationToken.None);
        await store.AcceptAsync(Pin("bbb", "ops"), "aaa", CancellationToken.None);

        var changedBack = await store.MarkChangedAsync("crm", "get_customer", "bbb", "aaa", T0, CancellationToken.None);

        Assert.True(changedBack);
        Assert.Null(await store.GetAsync("crm", "other_tool", CancellationToken.None));
        Assert.Empty(await store.ListAsync("billing", CancellationToken.None));
    }
}
