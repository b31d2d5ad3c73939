using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class FlowStoreTests
{
    [StoreFact]
    public async Task AddVersionAsync_FirstVersion_IsNumberedOne()
    {
        var store = await StartStoreAsync();

        var added = await store.AddVersionAsync(NewVersion("flw_1") with { Number = 42 }, CancellationToken.None);

        Assert.Equal(1, added.Number);
        Assert.Equal(1, (await store.GetLatestVersionAsync("flw_1", CancellationToken.None))!.Number);
    }

    [StoreFact]
    public async Task AddVersionAsync_AuthorKeyId_ReadBackAndNullWhenNone()
    {
        var store = await StartStoreAsync();

        await store.AddVersionAsync(NewVersion("flw_1") with { CreatedBy = "key:ci", AuthorKeyId = "key_01" }, CancellationToken.None);
        await store.AddVersionAsync(NewVersion("flw_1") with { CreatedBy = "file:x.yaml" }, CancellationToken.None);

        var first = (await store.GetVersionAsync("flw_1", 1, CancellationToken.None))!;
        var second = (await store.GetVersionAsync("flw_1", 2, CancellationToken.None))!;

        Assert.Equal(("key:ci", "key_01"), (first.CreatedBy, first.AuthorKeyId));
        Assert.Null(second.AuthorKeyId);
    }

    [StoreFact]
    public async Task AddVersionAsync_SeveralFlows_NumbersEachFlowFromOne()
    {
        var store = await StartStoreAsync();

        var numbers = new List<int>();
        foreach (var flowId in new[] { "flw_a", "flw_a", "flw_b", "flw_a", "flw_b" })
        {
            numbers.Add((await store.AddVersionAsync(NewVersion(flowId), CancellationToken.None)).Number);
        }

        Assert.Equal([1, 2, 1, 3, 2], numbers);
    }

    [StoreFact]
    public async Task AddVersionAsync_ConcurrentAddsOnTwoReplicas_GetDistinctNumbersWithoutGaps()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        var added = await RaceAsync(Racers, async i =>
            await replicas[i % 2].AddVersionAsync(NewVersion("flw_1", $"v{i}"), CancellationToken.None));

        Assert.Equal(Enumerable.Range(1, Racers), added.Select(v => v.Number).Order());
        var stored = await replicas[0].ListVersionsAsync("flw_1", CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, Racers).Reverse(), stored.Select(v => v.Number));
        Assert.All(added, v => Assert.Equal(v.Notes, stored.Single(s => s.Number == v.Number).Notes));
    }

    [StoreFact]
    public async Task AddVersionIfChangedAsync_SameHashAsLatest_AddsNothingAndReturnsTheLatest()
    {
        var store = await StartStoreAsync();
        await store.AddVersionAsync(NewVersion("flw_1") with { Hash = "h1" }, CancellationToken.None);

        var (same, addedSame) = await store.AddVersionIfChangedAsync(NewVersion("flw_1") with { Hash = "h1" }, CancellationToken.None);
        var (other, addedOther) = await store.AddVersionIfChangedAsync(NewVersion("flw_1") with { Hash = "h2" }, CancellationToken.None);
        var (back, addedBack) = await store.AddVersionIfChangedAsync(NewVersion("flw_1") with { Hash = "h1" }, CancellationToken.None);

        Assert.Equal((1, false), (same.Number, addedSame));
        Assert.Equal((2, true), (other.Number, addedOther));
        Assert.Equal((3, true), (back.Number, addedBack));
    }

    [StoreFact]
    public async Task AddVersionIfChangedAsync_OneDefinitionRacedOnTwoReplicas_AddedOnce()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        var results = await RaceAsync(Racers, async i =>
            await replicas[i % 2].AddVersionIfChangedAsync(NewVersion("flw_1") with { Hash = "same" }, CancellationToken.None));

        Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(1, r.Version.Number));
        Assert.Single(await replicas[0].ListVersionsAsync("flw_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task GetVersionAsync_Stored_RoundTripsTheDefinitionAsWrittenAndEveryField()
    {
        var store = await StartStoreAsync();
        var definition = JsonNode.Parse("""
            {"timeout":"10m","inputs":{"type":"object","properties":{"amount":{"type":"number"}}},
             "trigger":{"type":"cron","cron":"0 0/5 * * * ?","inputs":{"amount":0,"ratio":0.25,"big":12345678901234}},
             "steps":[{"key":"refund","type":"tool","args":{"amount":"{{ steps.lookup.output.amount }}","dry":false,"note":"é ✓"}}],
             "output":null}
            """)!.AsObject();
        var version = NewVersion("flw_1") with
        {
            Definition = definition,
            CreatedBy = "file:flows/refund.yaml",
            Valid = false,
            Errors = ["steps[0] (refund).args.amount: 'steps.lookup' names no step", "timeout: too long"],
            CreatedAt = T0.AddMinutes(1),
        };
        await store.AddVersionAsync(version, CancellationToken.None);

        var stored = await store.GetVersionAsync("flw_1", 1, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(definition.ToJsonString(), stored.Definition.ToJsonString());
        Assert.True(JsonNode.DeepEquals(definition, stored.Definition));
        Assert.Equal(JsonValueKind.Number, stored.Definition["trigger"]!["inputs"]!["ratio"]!.GetValueKind());
        Assert.Equal(12345678901234L, stored.Definition["trigger"]!["inputs"]!["big"]!.GetValue<long>());
        Assert.Equal(version.Errors, stored.Errors);
        Assert.Equal(version with { Number = 1 }, stored with { Definition = definition, Errors = version.Errors });
    }

    [StoreFact]
    public async Task GetVersionAsync_UnknownNumber_ReturnsNull()
    {
        var store = await StartStoreAsync();
        await store.AddVersionAsync(NewVersion("flw_1"), CancellationToken.None);

        Assert.Null(await store.GetVersionAsync("flw_1", 2, CancellationToken.None));
        Assert.Null(await store.GetVersionAsync("flw_2", 1, CancellationToken.None));
    }

    [StoreFact]
    public async Task GetLatestVersionAsync_SeveralVersions_ReturnsTheHighest()
    {
        var store = await StartStoreAsync();
        await store.AddVersionAsync(NewVersion("flw_1", "first"), CancellationToken.None);
        await store.AddVersionAsync(NewVersion("flw_1", "second") with { Valid = true }, CancellationToken.None);

        var latest = await store.GetLatestVersionAsync("flw_1", CancellationToken.None);

        Assert.Equal(2, latest!.Number);
        Assert.Equal("second", latest.Notes);
        Assert.True(latest.Valid);
    }

    [StoreFact]
    public async Task GetLatestVersionAsync_NoVersion_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetLatestVersionAsync("flw_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task ListVersionsAsync_SeveralVersions_ReturnsThemNewestFirst()
    {
        var store = await StartStoreAsync();
        foreach (var notes in new[] { "a", "b", "c" })
        {
            await store.AddVersionAsync(NewVersion("flw_1", notes), CancellationToken.None);
        }

        var versions = await store.ListVersionsAsync("flw_1", CancellationToken.None);

        Assert.Equal([3, 2, 1], versions.Select(v => v.Number));
        Assert.Equal(["c", "b", "a"], versions.Select(v => v.Notes));
    }
}
