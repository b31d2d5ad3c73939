namespace McpGateway.Storage.Tests.Flows;

public abstract partial class FlowStoreTests
{
    [StoreFact]
    public async Task CreateFlowAsync_WithExternalId_FoundByItAndReadBack()
    {
        var store = await StartStoreAsync();
        var flow = NewFlow("flw_1", "refund") with { ExternalId = "ext-refund" };

        Assert.True(await store.CreateFlowAsync(flow, CancellationToken.None));

        AssertFlow(flow, await store.GetFlowByExternalIdAsync("ext-refund", CancellationToken.None));
        AssertFlow(flow, await store.GetFlowAsync("refund", CancellationToken.None));
        Assert.Null(await store.GetFlowByExternalIdAsync("ext-other", CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateFlowAsync_ExternalIdTaken_ReturnsFalse_ManyWithoutOneAreFine()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund") with { ExternalId = "ext-1" }, CancellationToken.None);

        var clash = await store.CreateFlowAsync(NewFlow("flw_2", "other") with { ExternalId = "ext-1" }, CancellationToken.None);
        var none1 = await store.CreateFlowAsync(NewFlow("flw_3", "plain-1"), CancellationToken.None);
        var none2 = await store.CreateFlowAsync(NewFlow("flw_4", "plain-2"), CancellationToken.None);

        Assert.False(clash);
        Assert.Null(await store.GetFlowAsync("flw_2", CancellationToken.None));
        Assert.True(none1 && none2);
    }

    [StoreFact]
    public async Task UpdateFlowAsync_ExternalIdOfAnother_ReturnsFalse_OwnIsSaved()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund") with { ExternalId = "ext-1" }, CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "other"), CancellationToken.None);

        var taken = await store.UpdateFlowAsync(NewFlow("flw_2", "other") with { ExternalId = "ext-1" }, CancellationToken.None);
        var own = await store.UpdateFlowAsync(NewFlow("flw_2", "other") with { ExternalId = "ext-2" }, CancellationToken.None);

        Assert.False(taken);
        Assert.True(own);
        Assert.Equal("flw_2", (await store.GetFlowByExternalIdAsync("ext-2", CancellationToken.None))!.Id);
        Assert.Equal("flw_1", (await store.GetFlowByExternalIdAsync("ext-1", CancellationToken.None))!.Id);
    }
}
