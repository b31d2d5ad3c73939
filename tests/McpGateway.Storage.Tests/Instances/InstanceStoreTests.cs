using McpGateway.Policy.Stages.Reconcile;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Instances;

/// <summary>The instance store contract, run against every backend: heartbeats, and claims that happen exactly once.</summary>
public abstract class InstanceStoreTests(TestDatabase database) : StoreTests<IInstanceStore>(database)
{
    protected override IInstanceStore Create(StorageOptions options) =>
        StoreFactory.CreateInstanceStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IInstanceStore store) => store.InitializeAsync(CancellationToken.None);

    private static InstanceRecord Instance(string id, DateTimeOffset heartbeat) => new()
    {
        Id = id,
        Host = "host-1/pid:[1]",
        ProcessId = 4242,
        ProcessStartedAt = T0,
        HeartbeatAt = heartbeat,
    };

    [StoreFact]
    public async Task RegisterAsync_ThenList_RoundTripsEveryField()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);

        var listed = Assert.Single(await store.ListAsync(CancellationToken.None));

        Assert.Equal(Instance("gw-a", T0), listed);
    }

    [StoreFact]
    public async Task HeartbeatAsync_Unclaimed_RenewsIt_Claimed_ReturnsFalse()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);

        Assert.True(await store.HeartbeatAsync("gw-a", T0.AddSeconds(5), CancellationToken.None));
        Assert.Equal(T0.AddSeconds(5), Assert.Single(await store.ListAsync(CancellationToken.None)).HeartbeatAt);
        Assert.True(await store.ClaimAsync("gw-a", "gw-b", T0.AddSeconds(5), CancellationToken.None));
        Assert.False(await store.HeartbeatAsync("gw-a", T0.AddSeconds(10), CancellationToken.None));
    }

    [StoreFact]
    public async Task ClaimAsync_HeartbeatCameInSinceItWasSeen_Refused()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);
        await store.HeartbeatAsync("gw-a", T0.AddSeconds(5), CancellationToken.None);

        Assert.False(await store.ClaimAsync("gw-a", "gw-b", T0, CancellationToken.None));
        Assert.Null(Assert.Single(await store.ListAsync(CancellationToken.None)).RecoveredBy);
    }

    [StoreFact]
    public async Task ClaimAsync_ManyReplicasRace_ExactlyOneWins()
    {
        await (await StartStoreAsync()).RegisterAsync(Instance("gw-dead", T0), CancellationToken.None);
        var replicas = new IInstanceStore[Racers];
        for (var i = 0; i < Racers; i++)
        {
            replicas[i] = await StartStoreAsync();
        }

        var won = await RaceAsync(Racers, async i => await replicas[i].ClaimAsync("gw-dead", $"gw-{i}", T0, CancellationToken.None));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => won[i]);
        Assert.Equal($"gw-{winner}", Assert.Single(await replicas[0].ListAsync(CancellationToken.None)).RecoveredBy);
    }

    [StoreFact]
    public async Task ClaimAsync_OfAClaimerThatDiedMidRecovery_InheritsItsUnfinishedClaims()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);
        await store.RegisterAsync(Instance("gw-b", T0), CancellationToken.None);
        await store.RegisterAsync(Instance("gw-c", T0), CancellationToken.None);
        Assert.True(await store.ClaimAsync("gw-a", "gw-b", T0, CancellationToken.None)); // b recovers a, then dies

        Assert.True(await store.ClaimAsync("gw-b", "gw-c", T0, CancellationToken.None));

        var rows = (await store.ListAsync(CancellationToken.None)).ToDictionary(i => i.Id);
        Assert.Equal("gw-c", rows["gw-a"].RecoveredBy);
        Assert.Equal("gw-c", rows["gw-b"].RecoveredBy);
    }

    [StoreFact]
    public async Task MarkRecoveredAsync_ByTheClaimer_LeavesTheList_ThenPurged()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);
        await store.ClaimAsync("gw-a", "gw-b", T0, CancellationToken.None);

        await store.MarkRecoveredAsync("gw-a", "gw-x", T0, CancellationToken.None); // not the claimer: no effect
        Assert.Single(await store.ListAsync(CancellationToken.None));
        await store.MarkRecoveredAsync("gw-a", "gw-b", T0, CancellationToken.None);

        Assert.Empty(await store.ListAsync(CancellationToken.None));
        Assert.Equal(0, await store.PurgeAsync(T0, CancellationToken.None));
        Assert.Equal(1, await store.PurgeAsync(T0.AddSeconds(1), CancellationToken.None));
    }

    [StoreFact]
    public async Task AdoptAsync_UnknownId_ClaimsItOnce()
    {
        var store = await StartStoreAsync();

        Assert.True(await store.AdoptAsync("old-host", "gw-b", CancellationToken.None));
        Assert.False(await store.AdoptAsync("old-host", "gw-c", CancellationToken.None));

        Assert.Equal("gw-b", Assert.Single(await store.ListAsync(CancellationToken.None)).RecoveredBy);
    }

    [StoreFact]
    public async Task StopAsync_ExpiresTheHeartbeat()
    {
        var store = await StartStoreAsync();
        await store.RegisterAsync(Instance("gw-a", T0), CancellationToken.None);

        await store.StopAsync("gw-a", CancellationToken.None);

        Assert.Equal(DateTimeOffset.UnixEpoch, Assert.Single(await store.ListAsync(CancellationToken.None)).HeartbeatAt);
    }
}
