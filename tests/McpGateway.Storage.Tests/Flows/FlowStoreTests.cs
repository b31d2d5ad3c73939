using System.Text.Json.Nodes;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Flows;

/// <summary>The flow store contract (folders, flows, versions), run against every backend.</summary>
public abstract partial class FlowStoreTests(TestDatabase database) : StoreTests<IFlowStore>(database)
{
    protected override IFlowStore Create(StorageOptions options) =>
        StoreFactory.CreateFlowStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IFlowStore store) => store.InitializeAsync(CancellationToken.None);

    private static Folder NewFolder(string id, string name) => new() { Id = id, Name = name, CreatedAt = T0 };

    private static FlowRecord NewFlow(string id, string name, string? folderId = null) => new()
    {
        Id = id,
        Name = name,
        FolderId = folderId,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static FlowRecord FullFlow(string id, string name) => NewFlow(id, name, "fld_billing") with
    {
        Description = "Looks up a payment and refunds it after approval when it is large.",
        Status = FlowStatuses.Enabled,
        Tags = ["billing", "refunds"],
        PublishedVersion = 3,
        WebhookSecret = "whsec_1",
        UpdatedAt = T0.AddMinutes(5),
    };

    private static FlowVersion NewVersion(string flowId, string notes = "v") => new()
    {
        FlowId = flowId,
        Definition = new JsonObject
        {
            ["inputs"] = new JsonObject { ["type"] = "object" },
            ["steps"] = new JsonArray(new JsonObject { ["key"] = "lookup", ["type"] = "tool" }),
        },
        Notes = notes,
        Hash = "sha256:" + notes,
        CreatedAt = T0,
    };

    private static void AssertFlow(FlowRecord expected, FlowRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected, actual with { Tags = expected.Tags });
    }

    private async Task<IFlowStore> StoreWithFoldersAsync(params Folder[] folders)
    {
        var store = await StartStoreAsync();
        foreach (var folder in folders)
        {
            Assert.True(await store.CreateFolderAsync(folder, CancellationToken.None));
        }

        return store;
    }

    [StoreFact]
    public async Task CreateFolderAsync_NewName_GetByIdAndByNameReturnIt()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));

        Assert.Equal(NewFolder("fld_1", "billing"), await store.GetFolderAsync("fld_1", CancellationToken.None));
        Assert.Equal(NewFolder("fld_1", "billing"), await store.GetFolderAsync("billing", CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateFolderAsync_NameTaken_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));

        Assert.False(await store.CreateFolderAsync(NewFolder("fld_2", "billing"), CancellationToken.None));

        Assert.Null(await store.GetFolderAsync("fld_2", CancellationToken.None));
        Assert.Equal("fld_1", (await store.GetFolderAsync("billing", CancellationToken.None))!.Id);
    }

    [StoreFact]
    public async Task CreateFolderAsync_DuplicateId_ThrowsInvalidOperation()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateFolderAsync(NewFolder("fld_1", "crm"), CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateFolderAsync_ConcurrentSameNameOnTwoReplicas_ExactlyOneCreated()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        var created = await RaceAsync(Racers, async i =>
            await replicas[i % 2].CreateFolderAsync(NewFolder($"fld_{i}", "billing"), CancellationToken.None));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => created[i]);
        Assert.Equal($"fld_{winner}", (await replicas[0].GetFolderAsync("billing", CancellationToken.None))!.Id);
    }

    [StoreFact]
    public async Task GetFolderAsync_IdEqualsAnotherFoldersName_ReturnsTheFolderWithThatId()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"), NewFolder("fld_2", "fld_1"));

        Assert.Equal("billing", (await store.GetFolderAsync("fld_1", CancellationToken.None))!.Name);
    }

    [StoreFact]
    public async Task GetFolderAsync_Unknown_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetFolderAsync("nothing", CancellationToken.None));
    }

    [StoreFact]
    public async Task ListFoldersAsync_Several_ReturnsThemByName()
    {
        var store = await StoreWithFoldersAsync(
            NewFolder("fld_1", "crm"), NewFolder("fld_2", "billing"), NewFolder("fld_3", "ops"));

        var folders = await store.ListFoldersAsync(CancellationToken.None);

        Assert.Equal(["billing", "crm", "ops"], folders.Select(f => f.Name));
    }

    [StoreFact]
    public async Task RenameFolderAsync_FreeName_RenamesIt()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));

        Assert.True(await store.RenameFolderAsync("fld_1", "payments", CancellationToken.None));

        Assert.Equal("payments", (await store.GetFolderAsync("fld_1", CancellationToken.None))!.Name);
        Assert.Null(await store.GetFolderAsync("billing", CancellationToken.None));
    }

    [StoreFact]
    public async Task RenameFolderAsync_NameTaken_ReturnsFalseAndKeepsBoth()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"), NewFolder("fld_2", "crm"));

        Assert.False(await store.RenameFolderAsync("fld_1", "crm", CancellationToken.None));

        Assert.Equal("billing", (await store.GetFolderAsync("fld_1", CancellationToken.None))!.Name);
        Assert.Equal("crm", (await store.GetFolderAsync("fld_2", CancellationToken.None))!.Name);
    }

    [StoreFact]
    public async Task RenameFolderAsync_UnknownId_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.RenameFolderAsync("fld_none", "billing", CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFolderAsync_EmptyFolder_ReturnsDeletedAndRemovesIt()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));

        Assert.Equal(FolderDeleteResult.Deleted, await store.DeleteFolderAsync("fld_1", CancellationToken.None));

        Assert.Null(await store.GetFolderAsync("fld_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFolderAsync_UnknownId_ReturnsNotFound()
    {
        var store = await StartStoreAsync();

        Assert.Equal(FolderDeleteResult.NotFound, await store.DeleteFolderAsync("fld_none", CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFolderAsync_FolderHoldsAFlow_ReturnsNotEmptyAndKeepsIt()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));
        await store.CreateFlowAsync(NewFlow("flw_1", "refund", "fld_1"), CancellationToken.None);

        Assert.Equal(FolderDeleteResult.NotEmpty, await store.DeleteFolderAsync("fld_1", CancellationToken.None));

        Assert.NotNull(await store.GetFolderAsync("fld_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task DeleteFolderAsync_LastFlowMovedOut_ReturnsDeleted()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));
        await store.CreateFlowAsync(NewFlow("flw_1", "refund", "fld_1"), CancellationToken.None);
        await store.UpdateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);

        Assert.Equal(FolderDeleteResult.Deleted, await store.DeleteFolderAsync("fld_1", CancellationToken.None));
    }
}
