using System.Security.Cryptography;
using System.Text;
using McpGateway.Policy.Callers;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Servers;

/// <summary>The registered MCP server store contract, run against every backend.</summary>
public abstract class McpServerStoreTests(TestDatabase database) : StoreTests<IMcpServerStore>(database)
{
    protected override IMcpServerStore Create(StorageOptions options) =>
        StoreFactory.CreateMcpServerStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IMcpServerStore store) => store.InitializeAsync(CancellationToken.None);

    private static McpServerRecord Server(string name) => new()
    {
        Name = name,
        Description = "billing tools for the support bot",
        Tools = ["demo__*", "flow__refund"],
        TokenPrefix = "mcps_AbCd",
        CreatedAt = T0,
        TokenIssuedAt = T0,
    };

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static void AssertSame(McpServerRecord expected, McpServerRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Tools, actual.Tools);
        Assert.Equal(expected with { Tools = actual.Tools }, actual);
    }

    [StoreFact]
    public async Task CreateAsync_NewServer_GetAndAuthenticateReturnEveryField()
    {
        var store = await StartStoreAsync();

        await store.CreateAsync(Server("billing"), Hash("t1"), CancellationToken.None);

        AssertSame(Server("billing"), await store.GetAsync("billing", CancellationToken.None));
        AssertSame(Server("billing"), await store.AuthenticateAsync("billing", Hash("t1"), CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateAsync_DuplicateName_ThrowsInvalidOperation()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Server("billing"), Hash("t1"), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(Server("billing"), Hash("t2"), CancellationToken.None).AsTask());

        Assert.Contains("billing", ex.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateAsync_TokenInsteadOfHash_IsRefused()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Server("billing"), "mcps_plain-token", CancellationToken.None).AsTask());
    }

    [StoreFact]
    public async Task AuthenticateAsync_WrongTokenOrOtherName_ReturnsNull()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Server("billing"), Hash("t1"), CancellationToken.None);
        await store.CreateAsync(Server("crm"), Hash("t2"), CancellationToken.None);

        Assert.Null(await store.AuthenticateAsync("billing", Hash("wrong"), CancellationToken.None));
        Assert.Null(await store.AuthenticateAsync("billing", Hash("t2"), CancellationToken.None));
    }

    [StoreFact]
    public async Task RotateAsync_OnOneReplica_OldTokenFailsAndNewWorksOnAnother()
    {
        var one = await StartStoreAsync();
        var two = await StartStoreAsync();
        await one.CreateAsync(Server("billing"), Hash("old"), CancellationToken.None);

        var rotated = await one.RotateAsync("billing", Hash("new"), "mcps_NeWw", T0.AddHours(1), CancellationToken.None);

        Assert.True(rotated);
        Assert.Null(await two.AuthenticateAsync("billing", Hash("old"), CancellationToken.None));
        var now = await two.AuthenticateAsync("billing", Hash("new"), CancellationToken.None);
        AssertSame(Server("billing") with { TokenPrefix = "mcps_NeWw", TokenIssuedAt = T0.AddHours(1) }, now);
    }

    [StoreFact]
    public async Task RotateAsync_UnknownName_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.RotateAsync("ghost", Hash("x"), "mcps_x", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteAsync_ThenList_ServerIsGoneAndItsTokenFails()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Server("billing"), Hash("t1"), CancellationToken.None);
        await store.CreateAsync(Server("alpha"), Hash("t2"), CancellationToken.None);

        var deleted = await store.DeleteAsync("billing", CancellationToken.None);

        Assert.True(deleted);
        Assert.False(await store.DeleteAsync("billing", CancellationToken.None));
        Assert.Equal(["alpha"], (await store.ListAsync(CancellationToken.None)).Select(s => s.Name));
        Assert.Null(await store.AuthenticateAsync("billing", Hash("t1"), CancellationToken.None));
    }
}
