using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Storage.Tests.Approvals;

public abstract partial class ApprovalStoreTests
{
    [StoreFact]
    public async Task ListAsync_BeforeTheLastRowOfAPage_ReturnsTheRestWithTheFilter()
    {
        var store = await StoreWithAsync(Minimal("appr_a", 1), Minimal("appr_b", 2), Minimal("appr_c", 3), Minimal("appr_d", 4));
        await store.TryDecideAsync("appr_c", ApprovalStatuses.Rejected, "alice", T0.AddHours(1), null, CancellationToken.None);

        var first = await store.ListAsync(ApprovalStatuses.Pending, 1, null, CancellationToken.None);
        var rest = await store.ListAsync(ApprovalStatuses.Pending, 10, (first[^1].CreatedAt, first[^1].Id), CancellationToken.None);
        var everyStatus = await store.ListAsync(null, 10, (first[^1].CreatedAt, first[^1].Id), CancellationToken.None);

        Assert.Equal(["appr_d"], first.Select(a => a.Id));
        Assert.Equal(["appr_b", "appr_a"], rest.Select(a => a.Id));
        Assert.Equal(["appr_c", "appr_b", "appr_a"], everyStatus.Select(a => a.Id));
    }

    [StoreFact]
    public async Task ListAsync_PagesOfOneAmongEqualCreatedTimes_EachApprovalOnce()
    {
        var store = await StoreWithAsync(Minimal("appr_a"), Minimal("appr_c"), Minimal("appr_b"));

        var seen = new List<string>();
        (DateTimeOffset, string)? before = null;
        while (true)
        {
            var page = await store.ListAsync(null, 1, before, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            seen.Add(page[0].Id);
            before = (page[0].CreatedAt, page[0].Id);
        }

        Assert.Equal(["appr_c", "appr_b", "appr_a"], seen);
    }
}
