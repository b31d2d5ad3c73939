using McpGateway.Policy.Callers;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sessions;

/// <summary>The 2025-11-25 session store contract, run against every backend.</summary>
public abstract class SessionStoreTests(TestDatabase database) : StoreTests<ISessionStore>(database)
{
    protected override ISessionStore Create(StorageOptions options) =>
        StoreFactory.CreateSessionStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(ISessionStore store) => store.InitializeAsync(CancellationToken.None);

    private static StoredSession Session(string idHash) => new()
    {
        IdHash = idHash,
        Endpoint = "/c/demo/mcp",
        KeyId = "key_alice",
        InitializeJson = """{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"c","version":"1"}}""",
        HolderInstance = "gw-a",
        HolderAddress = "http://127.0.0.1:5001",
        CreatedAt = T0,
        LastSeenAt = T0,
    };

    [StoreFact]
    public async Task CreateAsync_NewSession_GetReturnsEveryField()
    {
        var store = await StartStoreAsync();

        await store.CreateAsync(Session("h1"), CancellationToken.None);

        Assert.Equal(Session("h1"), await store.GetAsync("h1", CancellationToken.None));
        Assert.Null(await store.GetAsync("h2", CancellationToken.None));
    }

    [StoreFact]
    public async Task TakeOverAsync_TwoReplicasFromTheSameHolder_OnlyTheFirstWins()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Session("h1"), CancellationToken.None);

        var b = await store.TakeOverAsync("h1", "gw-a", "gw-b", "http://127.0.0.1:5002", T0.AddMinutes(1), CancellationToken.None);
        var c = await store.TakeOverAsync("h1", "gw-a", "gw-c", "http://127.0.0.1:5003", T0.AddMinutes(1), CancellationToken.None);

        Assert.True(b);
        Assert.False(c);
        var stored = await store.GetAsync("h1", CancellationToken.None);
        Assert.Equal(("gw-b", "http://127.0.0.1:5002", T0.AddMinutes(1)), (stored!.HolderInstance, stored.HolderAddress, stored.LastSeenAt));
    }

    [StoreFact]
    public async Task TouchAsync_ByAFormerHolder_ChangesNothing()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Session("h1"), CancellationToken.None);
        await store.TakeOverAsync("h1", "gw-a", "gw-b", "http://127.0.0.1:5002", T0.AddMinutes(1), CancellationToken.None);

        await store.TouchAsync("h1", "gw-a", T0.AddMinutes(5), CancellationToken.None);
        Assert.Equal(T0.AddMinutes(1), (await store.GetAsync("h1", CancellationToken.None))!.LastSeenAt);

        await store.TouchAsync("h1", "gw-b", T0.AddMinutes(6), CancellationToken.None);
        Assert.Equal(T0.AddMinutes(6), (await store.GetAsync("h1", CancellationToken.None))!.LastSeenAt);
    }

    [StoreFact]
    public async Task DeleteUnusedAsync_OnlySessionsLastSeenBeforeTheCutoff_AreForgotten()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Session("old"), CancellationToken.None);
        await store.CreateAsync(Session("new") with { LastSeenAt = T0.AddHours(1) }, CancellationToken.None);

        Assert.Equal(1, await store.DeleteUnusedAsync(T0.AddMinutes(30), CancellationToken.None));
        await store.DeleteAsync("new", CancellationToken.None);

        Assert.Null(await store.GetAsync("old", CancellationToken.None));
        Assert.Null(await store.GetAsync("new", CancellationToken.None));
    }
}
