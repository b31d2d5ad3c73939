namespace McpGateway.Storage.Tests.Flows;

public abstract partial class FlowStoreTests
{
    [StoreFact]
    public async Task CreateFlowAsync_FullRecord_GetByIdAndByNameReturnEveryField()
    {
        var store = await StartStoreAsync();
        var flow = FullFlow("flw_1", "refund-check");

        Assert.True(await store.CreateFlowAsync(flow, CancellationToken.None));

        AssertFlow(flow, await store.GetFlowAsync("flw_1", CancellationToken.None));
        AssertFlow(flow, await store.GetFlowAsync("refund-check", CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateFlowAsync_MinimalRecord_NullsStayNull()
    {
        var store = await StartStoreAsync();
        var flow = NewFlow("flw_1", "refund-check");

        await store.CreateFlowAsync(flow, CancellationToken.None);

        var stored = await store.GetFlowAsync("flw_1", CancellationToken.None);
        AssertFlow(flow, stored);
        Assert.Null(stored!.PublishedVersion);
        Assert.Empty(stored.Tags);
    }

    [StoreFact]
    public async Task CreateFlowAsync_NameTaken_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);

        Assert.False(await store.CreateFlowAsync(NewFlow("flw_2", "refund"), CancellationToken.None));

        Assert.Null(await store.GetFlowAsync("flw_2", CancellationToken.None));
        Assert.Equal("flw_1", (await store.GetFlowAsync("refund", CancellationToken.None))!.Id);
    }

    [StoreFact]
    public async Task CreateFlowAsync_DuplicateId_ThrowsInvalidOperation()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateFlowAsync(NewFlow("flw_1", "other"), CancellationToken.None));

        Assert.Contains("flw_1", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateFlowAsync_ConcurrentSameNameOnTwoReplicas_ExactlyOneCreated()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        var created = await RaceAsync(Racers, async i =>
            await replicas[i % 2].CreateFlowAsync(NewFlow($"flw_{i}", "refund"), CancellationToken.None));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => created[i]);
        Assert.Equal($"flw_{winner}", (await replicas[1].GetFlowAsync("refund", CancellationToken.None))!.Id);
    }

    [StoreFact]
    public async Task GetFlowAsync_Unknown_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetFlowAsync("nothing", CancellationToken.None));
    }

    [StoreFact]
    public async Task ListFlowsAsync_NoFolder_ReturnsEveryFlowByName()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "sync-crm", "fld_1"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "audit"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_3", "refund", "fld_2"), CancellationToken.None);

        var flows = await store.ListFlowsAsync(null, CancellationToken.None);

        Assert.Equal(["audit", "refund", "sync-crm"], flows.Select(f => f.Name));
    }

    [StoreFact]
    public async Task ListFlowsAsync_Folder_ReturnsOnlyItsFlowsByName()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "sync-crm", "fld_1"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "audit", "fld_1"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_3", "refund", "fld_2"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_4", "loose"), CancellationToken.None);

        var flows = await store.ListFlowsAsync("fld_1", CancellationToken.None);

        Assert.Equal(["audit", "sync-crm"], flows.Select(f => f.Name));
    }

    [StoreFact]
    public async Task UpdateFlowAsync_ChangedFields_GetReturnsThemAndKeepsCreatedAt()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);
        var changed = FullFlow("flw_1", "refund-v2") with { CreatedAt = T0.AddDays(-1) };

        Assert.True(await store.UpdateFlowAsync(changed, CancellationToken.None));

        AssertFlow(changed with { CreatedAt = T0 }, await store.GetFlowAsync("refund-v2", CancellationToken.None));
    }

    [StoreFact]
    public async Task ReplaceWebhookSecretAsync_OnlyWhileItIsTheExpectedOne()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "hook") with { WebhookSecret = "clear" }, CancellationToken.None);

        Assert.False(await store.ReplaceWebhookSecretAsync("flw_1", "other", "sealed:v1:x", CancellationToken.None));
        Assert.True(await store.ReplaceWebhookSecretAsync("flw_1", "clear", "sealed:v1:y", CancellationToken.None));
        Assert.False(await store.ReplaceWebhookSecretAsync("flw_1", "clear", "sealed:v1:z", CancellationToken.None));

        Assert.Equal("sealed:v1:y", (await store.GetFlowAsync("flw_1", CancellationToken.None))!.WebhookSecret);
    }

    [StoreFact]
    public async Task UpdateFlowAsync_NameTaken_ReturnsFalseAndKeepsTheOldName()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "audit"), CancellationToken.None);

        Assert.False(await store.UpdateFlowAsync(NewFlow("flw_2", "refund"), CancellationToken.None));

        Assert.Equal("audit", (await store.GetFlowAsync("flw_2", CancellationToken.None))!.Name);
    }

    [StoreFact]
    public async Task UpdateFlowAsync_Unknown_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.UpdateFlowAsync(NewFlow("flw_none", "refund"), CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFlowAsync_WithVersions_RemovesTheFlowAndItsVersionsOnly()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "audit"), CancellationToken.None);
        await store.AddVersionAsync(NewVersion("flw_1"), CancellationToken.None);
        await store.AddVersionAsync(NewVersion("flw_1"), CancellationToken.None);
        await store.AddVersionAsync(NewVersion("flw_2"), CancellationToken.None);

        Assert.True(await store.DeleteFlowAsync("flw_1", CancellationToken.None));

        Assert.Null(await store.GetFlowAsync("flw_1", CancellationToken.None));
        Assert.Empty(await store.ListVersionsAsync("flw_1", CancellationToken.None));
        Assert.Single(await store.ListVersionsAsync("flw_2", CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFlowAsync_Unknown_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.DeleteFlowAsync("flw_none", CancellationToken.None));
    }
}
