using McpGateway.Flows.Model;

namespace McpGateway.Storage.Tests.Flows;

public abstract partial class FlowStoreTests
{
    [StoreFact]
    public async Task ListFlowsAsync_PagesAfterTheLastName_EachFlowOnceByName()
    {
        var store = await StartStoreAsync();
        foreach (var name in (string[])["delta", "alpha", "echo", "charlie", "bravo"])
        {
            await store.CreateFlowAsync(NewFlow("flw_" + name, name), CancellationToken.None);
        }

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.ListFlowPageAsync(new FlowQuery { AfterName = after, Limit = 2 }, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(f => f.Name));
            after = page[^1].Name;
        }

        Assert.Equal(["alpha", "bravo", "charlie", "delta", "echo"], seen);
    }

    [StoreFact]
    public async Task ListFlowsAsync_FolderStatusAndExternalIdFilters_OnlyMatchingFlows()
    {
        var store = await StoreWithFoldersAsync(NewFolder("fld_1", "billing"));
        await store.CreateFlowAsync(NewFlow("flw_1", "a-in", "fld_1") with { Status = FlowStatuses.Enabled }, CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_2", "b-in", "fld_1"), CancellationToken.None);
        await store.CreateFlowAsync(NewFlow("flw_3", "c-out") with { Status = FlowStatuses.Enabled, ExternalId = "ext-c" }, CancellationToken.None);

        var enabledIn = await store.ListFlowPageAsync(new FlowQuery { FolderId = "fld_1", Status = FlowStatuses.Enabled }, CancellationToken.None);
        var byExternal = await store.ListFlowPageAsync(new FlowQuery { ExternalId = "ext-c" }, CancellationToken.None);
        var enabledAfter = await store.ListFlowPageAsync(new FlowQuery { Status = FlowStatuses.Enabled, AfterName = "a-in" }, CancellationToken.None);

        Assert.Equal(["a-in"], enabledIn.Select(f => f.Name));
        Assert.Equal(["c-out"], byExternal.Select(f => f.Name));
        Assert.Equal(["c-out"], enabledAfter.Select(f => f.Name));
    }

    [StoreFact]
    public async Task ListVersionsAsync_PagesBelowTheLastNumber_NewestFirst()
    {
        var store = await StartStoreAsync();
        await store.CreateFlowAsync(NewFlow("flw_1", "refund"), CancellationToken.None);
        for (var i = 1; i <= 5; i++)
        {
            await store.AddVersionAsync(NewVersion("flw_1", "v" + i), CancellationToken.None);
        }

        var first = await store.ListVersionsAsync("flw_1", null, 2, CancellationToken.None);
        var second = await store.ListVersionsAsync("flw_1", first[^1].Number, 2, CancellationToken.None);
        var last = await store.ListVersionsAsync("flw_1", second[^1].Number, 2, CancellationToken.None);

        Assert.Equal([5, 4, 3, 2, 1], first.Concat(second).Concat(last).Select(v => v.Number));
    }
}
