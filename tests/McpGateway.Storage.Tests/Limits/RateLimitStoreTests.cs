using McpGateway.Policy.Stages.RateLimit;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Limits;

/// <summary>The rate limit store contract, run against every backend: counts and slots never exceed the limit, also in a race.</summary>
public abstract class RateLimitStoreTests(TestDatabase database) : StoreTests<IRateLimitStore>(database)
{
    private static readonly DateTimeOffset End = T0.AddMinutes(1);

    protected override IRateLimitStore Create(StorageOptions options) =>
        StoreFactory.CreateRateLimitStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IRateLimitStore store) => store.InitializeAsync(CancellationToken.None);

    [StoreFact]
    public async Task TryCountAsync_UpToTheLimit_ThenRefused_NextWindowCountsAgain()
    {
        var store = await StartStoreAsync();

        Assert.True(await store.TryCountAsync("l", "bot", T0, End, 2, CancellationToken.None));
        Assert.True(await store.TryCountAsync("l", "bot", T0, End, 2, CancellationToken.None));
        Assert.False(await store.TryCountAsync("l", "bot", T0, End, 2, CancellationToken.None));
        Assert.True(await store.TryCountAsync("l", "other", T0, End, 2, CancellationToken.None));
        Assert.True(await store.TryCountAsync("l", "bot", End, End.AddMinutes(1), 2, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryCountAsync_ManyReplicasRace_NeverMoreThanTheLimit()
    {
        const int Max = 5;
        var replicas = new IRateLimitStore[4];
        for (var i = 0; i < replicas.Length; i++)
        {
            replicas[i] = await StartStoreAsync();
        }

        var counted = await RaceAsync(Racers, async i => await replicas[i % replicas.Length].TryCountAsync("l", "bot", T0, End, Max, CancellationToken.None));

        Assert.Equal(Max, counted.Count(c => c));
        var usage = Assert.Single(await replicas[0].ListUsageAsync(T0.AddSeconds(1), CancellationToken.None));
        Assert.Equal((Max, End), (usage.Requests, usage.WindowEnd));
    }

    [StoreFact]
    public async Task TryHoldAsync_UpToTheLimit_ReleaseFreesOne()
    {
        var store = await StartStoreAsync();

        Assert.True(await store.TryHoldAsync("l", "crm", "exe_1", 2, "gw-a", T0, CancellationToken.None));
        Assert.True(await store.TryHoldAsync("l", "crm", "exe_2", 2, "gw-a", T0, CancellationToken.None));
        Assert.False(await store.TryHoldAsync("l", "crm", "exe_3", 2, "gw-a", T0, CancellationToken.None));
        Assert.True(await store.TryHoldAsync("l", "billing", "exe_3", 2, "gw-a", T0, CancellationToken.None));
        await store.ReleaseAsync("l", "crm", "exe_1", CancellationToken.None);

        Assert.True(await store.TryHoldAsync("l", "crm", "exe_3", 2, "gw-a", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task TryHoldAsync_ManyReplicasRace_NeverMoreThanTheLimit()
    {
        const int Max = 3;
        var replicas = new IRateLimitStore[4];
        for (var i = 0; i < replicas.Length; i++)
        {
            replicas[i] = await StartStoreAsync();
        }

        var held = await RaceAsync(Racers, async i =>
            await replicas[i % replicas.Length].TryHoldAsync("l", "crm", $"exe_{i}", Max, $"gw-{i % replicas.Length}", T0, CancellationToken.None));

        Assert.Equal(Max, held.Count(h => h));
        Assert.Equal(Max, Assert.Single(await replicas[0].ListUsageAsync(T0, CancellationToken.None)).InFlight);
    }

    [StoreFact]
    public async Task ReleaseHeldByAsync_FreesOnlyThatProcessesSlots()
    {
        var store = await StartStoreAsync();
        await store.TryHoldAsync("l", "crm", "exe_1", 2, "gw-dead", T0, CancellationToken.None);
        await store.TryHoldAsync("l", "crm", "exe_2", 2, "gw-alive", T0, CancellationToken.None);

        Assert.Equal(1, await store.ReleaseHeldByAsync("gw-dead", CancellationToken.None));

        Assert.Equal(1, Assert.Single(await store.ListUsageAsync(T0, CancellationToken.None)).InFlight);
        Assert.True(await store.TryHoldAsync("l", "crm", "exe_3", 2, "gw-alive", T0, CancellationToken.None));
        Assert.False(await store.TryHoldAsync("l", "crm", "exe_4", 2, "gw-alive", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task PurgeExpiredAsync_DeletesEndedWindowsOnly()
    {
        var store = await StartStoreAsync();
        await store.TryCountAsync("l", "bot", T0, End, 2, CancellationToken.None);
        await store.TryCountAsync("l", "bot", End, End.AddMinutes(1), 2, CancellationToken.None);

        Assert.Equal(0, await store.PurgeExpiredAsync(End.AddTicks(-10), CancellationToken.None));
        Assert.Equal(1, await store.PurgeExpiredAsync(End, CancellationToken.None));

        var usage = Assert.Single(await store.ListUsageAsync(End.AddSeconds(1), CancellationToken.None));
        Assert.Equal((1, End.AddMinutes(1), 0), (usage.Requests, usage.WindowEnd, usage.InFlight));
    }

    [StoreFact]
    public async Task ListUsageAsync_CombinesCountsAndSlotsPerSubject()
    {
        var store = await StartStoreAsync();
        await store.TryCountAsync("both", "bot", T0, End, 9, CancellationToken.None);
        await store.TryCountAsync("both", "bot", T0, End, 9, CancellationToken.None);
        await store.TryHoldAsync("both", "bot", "exe_1", 9, "gw-a", T0, CancellationToken.None);
        await store.TryHoldAsync("slots", "crm", "exe_1", 9, "gw-a", T0, CancellationToken.None);

        var usage = await store.ListUsageAsync(T0.AddSeconds(1), CancellationToken.None);

        Assert.Equal(
            [new RateLimitUsage { Limit = "both", Subject = "bot", Requests = 2, WindowEnd = End, InFlight = 1 },
             new RateLimitUsage { Limit = "slots", Subject = "crm", Requests = 0, WindowEnd = null, InFlight = 1 }],
            usage);
    }
}
