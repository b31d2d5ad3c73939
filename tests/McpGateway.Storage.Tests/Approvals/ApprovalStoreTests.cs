using McpGateway.Policy.Stages.Approval;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Approvals;

/// <summary>The approval store contract, run against every backend.</summary>
public abstract partial class ApprovalStoreTests(TestDatabase database) : StoreTests<IApprovalStore>(database)
{
    private const string Decision = """{"drift":false,"result":"ok"}""";

    protected override IApprovalStore Create(StorageOptions options) =>
        StoreFactory.CreateApprovalStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IApprovalStore store) => store.InitializeAsync(CancellationToken.None);

    private static ApprovalRecord Minimal(string id, int minute = 0) => new()
    {
        Id = id,
        Tool = "billing__refund",
        Connector = "billing",
        ArgumentsJson = """{"invoice_id":"inv_7","amount":120}""",
        ExecutionId = "exe_" + id,
        CreatedAt = T0.AddMinutes(minute),
    };

    private static ApprovalRecord Full(string id) => Minimal(id) with
    {
        ConnectorScope = "billing",
        Agent = "agent-a",
        KeyId = "key_1",
        ContextJson = """{"surface":"mcp","env":"prod"}""",
        EntityJson = """{"customer":"cus_42"}""",
        StateJson = """{"invoice":{"status":"open"}}""",
        ContractJson = """{"intent":"refund","threshold":100}""",
        Reason = "refunds over 100 need a human",
        IdempotencyKey = "refund-inv_7",
        ParentApprovalId = "appr_parent",
        ExpiresAt = T0.AddHours(4),
    };

    private async Task<IApprovalStore> StoreWithAsync(params ApprovalRecord[] records)
    {
        var store = await StartStoreAsync();
        foreach (var record in records)
        {
            await store.CreateAsync(record, CancellationToken.None);
        }

        return store;
    }

    [StoreFact]
    public async Task FindPendingAsync_IdenticalUnkeyedCall_OldestPendingOnly()
    {
        var args = Minimal("x").ArgumentsJson;
        var store = await StoreWithAsync(
            Minimal("appr_keyed", 0) with { Agent = "a", IdempotencyKey = "k" },
            Minimal("appr_old", 1) with { Agent = "a" },
            Minimal("appr_new", 2) with { Agent = "a" },
            Minimal("appr_other_agent", 0) with { Agent = "b" },
            Minimal("appr_scoped", 0) with { Agent = "a", ConnectorScope = "billing" },
            Minimal("appr_no_agent", 3));
        await store.TryDecideAsync("appr_no_agent", ApprovalStatuses.Rejected, "ann", T0, null, CancellationToken.None);

        var found = await store.FindPendingAsync("billing__refund", null, args, "a", CancellationToken.None);
        var scoped = await store.FindPendingAsync("billing__refund", "billing", args, "a", CancellationToken.None);
        var decided = await store.FindPendingAsync("billing__refund", null, args, null, CancellationToken.None);
        var otherArgs = await store.FindPendingAsync("billing__refund", null, """{"invoice_id":"inv_8","amount":120}""", "a", CancellationToken.None);

        Assert.Equal("appr_old", found?.Id);
        Assert.Equal("appr_scoped", scoped?.Id);
        Assert.Null(decided);
        Assert.Null(otherArgs);
    }

    [StoreFact]
    public async Task CreateAsync_FullRecord_GetReturnsItPendingWithEveryField()
    {
        var record = Full("appr_1");
        var store = await StoreWithAsync(record);

        var stored = await store.GetAsync("appr_1", CancellationToken.None);

        Assert.Equal(record, stored);
        Assert.Equal(ApprovalStatuses.Pending, stored!.Status);
        Assert.Equal(T0.AddHours(4), stored.ExpiresAt);
    }

    [StoreFact]
    public async Task CreateAsync_MinimalRecord_GetReturnsNullsAsNulls()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        var stored = await store.GetAsync("appr_1", CancellationToken.None);

        Assert.Equal(Minimal("appr_1"), stored);
        Assert.Null(stored!.ExpiresAt);
        Assert.Null(stored.DecidedAt);
    }

    [StoreFact]
    public async Task CreateAsync_NotPending_ThrowsArgumentExceptionAndStoresNothing()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.CreateAsync(
            Minimal("appr_1") with { Status = ApprovalStatuses.Executed }, CancellationToken.None));

        Assert.Null(await store.GetAsync("appr_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateAsync_DuplicateId_ThrowsInvalidOperationAndKeepsTheFirst()
    {
        var store = await StoreWithAsync(Minimal("appr_1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateAsync(Minimal("appr_1") with { Tool = "other" }, CancellationToken.None));

        Assert.Contains("appr_1", error.Message, StringComparison.Ordinal);
        Assert.Equal("billing__refund", (await store.GetAsync("appr_1", CancellationToken.None))!.Tool);
    }

    [StoreFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var store = await StartStoreAsync();

        Assert.Null(await store.GetAsync("appr_none", CancellationToken.None));
    }

    [StoreFact]
    public async Task ListAsync_AnyStatus_ReturnsAllNewestFirst()
    {
        var store = await StoreWithAsync(Minimal("appr_a", 1), Minimal("appr_c", 3), Minimal("appr_b", 2));
        await store.TryDecideAsync("appr_b", ApprovalStatuses.Rejected, "alice", T0.AddHours(1), null, CancellationToken.None);

        var listed = await store.ListAsync(null, 100, null, CancellationToken.None);

        Assert.Equal(["appr_c", "appr_b", "appr_a"], listed.Select(a => a.Id));
    }

    [StoreFact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThatStatusNewestFirst()
    {
        var store = await StoreWithAsync(Minimal("appr_a", 1), Minimal("appr_b", 2), Minimal("appr_c", 3));
        await store.TryDecideAsync("appr_b", ApprovalStatuses.Rejected, "alice", T0.AddHours(1), null, CancellationToken.None);

        var pending = await store.ListAsync(ApprovalStatuses.Pending, 100, null, CancellationToken.None);
        var rejected = await store.ListAsync(ApprovalStatuses.Rejected, 100, null, CancellationToken.None);

        Assert.Equal(["appr_c", "appr_a"], pending.Select(a => a.Id));
        Assert.Equal(["appr_b"], rejected.Select(a => a.Id));
    }

    [StoreFact]
    public async Task ListAsync_Limit_ReturnsTheNewestOnes()
    {
        var store = await StoreWithAsync(Minimal("appr_a", 1), Minimal("appr_b", 2), Minimal("appr_c", 3));

        var listed = await store.ListAsync(ApprovalStatuses.Pending, 2, null, CancellationToken.None);

        Assert.Equal(["appr_c", "appr_b"], listed.Select(a => a.Id));
    }

    [StoreFact]
    public async Task ListAsync_SameCreatedAt_OrdersByIdDescending()
    {
        var store = await StoreWithAsync(Minimal("appr_a"), Minimal("appr_b"));

        var listed = await store.ListAsync(null, 10, null, CancellationToken.None);

        Assert.Equal(["appr_b", "appr_a"], listed.Select(a => a.Id));
    }

    [StoreFact]
    public async Task ListAsync_LimitOutOfRange_ThrowsArgumentOutOfRange()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync(null, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync(null, 1001, null, CancellationToken.None));
    }

    [StoreFact]
    public async Task ListAsync_BeforeInitialize_ThrowsInvalidOperation()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ListAsync(null, 10, null, CancellationToken.None));
    }
}
