using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Policy.Tests.Stages.Approval;

/// <summary>Approvals a gateway left in deciding when it stopped mid-decision.</summary>
public sealed partial class ApprovalServiceTests
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task RecoverStuckAsync_ThawNeverTookTheKey_ReopenedThenApprovedRunsOnce()
    {
        var approval = await ClaimAndStopAsync();

        var recovered = await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        Assert.Equal(1, recovered);
        Assert.Equal(ApprovalStatuses.Pending, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
        var decision = await Service().ApproveAsync(approval.Id, "bob", null, CancellationToken.None);
        Assert.Equal("executed", decision.Decision);
        Assert.Equal(1, _upstreamCalls);
    }

    [Fact]
    public async Task RecoverStuckAsync_ThawCompleted_ExecutedWithTheThawedExecutionAndNothingRunsAgain()
    {
        var approval = await ClaimAndStopAsync();
        await _idempotency.TransferAsync(approval.IdempotencyKey!, approval.Id, "exe_frozen", null, CancellationToken.None);
        await _idempotency.CompleteAsync(approval.IdempotencyKey!, "exe_frozen", "completed", """{"content":[{"type":"text","text":"refunded"}]}""", CancellationToken.None);

        await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        var stored = await _h.Approvals.GetAsync(approval.Id, CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Executed, stored!.Status);
        Assert.Equal("exe_frozen", stored.ResultExecutionId);
        Assert.Contains("refunded", stored.DecisionJson, StringComparison.Ordinal);
        Assert.Equal(0, _upstreamCalls);
        Assert.Equal(IdempotencyStates.Completed, Assert.Single(_idempotency.Records).State);
    }

    [Fact]
    public async Task RecoverStuckAsync_ThawStillInFlight_LeftDecidingForTheReconciler()
    {
        var approval = await ClaimAndStopAsync();
        await _idempotency.TransferAsync(approval.IdempotencyKey!, approval.Id, "exe_frozen", null, CancellationToken.None);

        var recovered = await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        Assert.Equal(0, recovered);
        Assert.Equal(ApprovalStatuses.Deciding, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
        Assert.Equal(IdempotencyStates.InFlight, Assert.Single(_idempotency.Records).State);
    }

    [Fact]
    public async Task RecoverStuckAsync_ThawOutcomeUnknown_BlockedNamingTheExecutionAndKeyStaysUnknown()
    {
        var approval = await ClaimAndStopAsync();
        await _idempotency.TransferAsync(approval.IdempotencyKey!, approval.Id, "exe_frozen", null, CancellationToken.None);
        await _idempotency.MarkOutcomeUnknownAsync(approval.IdempotencyKey!, "exe_frozen", CancellationToken.None);

        await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        var stored = await _h.Approvals.GetAsync(approval.Id, CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Blocked, stored!.Status);
        Assert.Contains("exe_frozen", stored.DecisionJson, StringComparison.Ordinal);
        Assert.Equal(IdempotencyStates.OutcomeUnknown, Assert.Single(_idempotency.Records).State);
    }

    [Fact]
    public async Task RecoverStuckAsync_ClaimedRecently_Untouched()
    {
        var approval = await ClaimAndStopAsync(TimeSpan.FromMinutes(9));

        var recovered = await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        Assert.Equal(0, recovered);
        Assert.Equal(ApprovalStatuses.Deciding, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RecoverStuckAsync_NoIdempotencyKey_BlockedSayingWhetherItRanIsUnknown()
    {
        var record = new ApprovalRecord
        {
            Id = "appr_nokey",
            Tool = "billing__refund",
            Connector = "billing",
            ArgumentsJson = """{"amount":500}""",
            ExecutionId = "exe_nokey",
            CreatedAt = TestCalls.Start,
        };
        await _h.Approvals.CreateAsync(record, CancellationToken.None);
        await _h.Approvals.TryClaimAsync(record.Id, "alice", "gw-1", _h.Time.GetUtcNow(), CancellationToken.None);
        _h.Time.Advance(StuckAfter);

        await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None);

        var stored = await _h.Approvals.GetAsync(record.Id, CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Blocked, stored!.Status);
        Assert.Contains("whether it ran is unknown", stored.DecisionJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverStuckAsync_FlowApproval_LeftToTheFlowEngine()
    {
        var approval = await CreateFlowApprovalAsync();
        await _h.Approvals.TryClaimAsync(approval.Id, "alice", "gw-1", _h.Time.GetUtcNow(), CancellationToken.None);
        _h.Time.Advance(StuckAfter);

        Assert.Equal(0, await Service().RecoverStuckAsync(StuckAfter, CancellationToken.None));
        Assert.Equal(ApprovalStatuses.Deciding, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RecoverClaimedByAsync_DeadInstancesClaimJustTaken_ThawCompleted_ExecutedWithoutWaitingForStuckAfter()
    {
        var approval = await ClaimAndStopAsync(TimeSpan.Zero);
        await _idempotency.TransferAsync(approval.IdempotencyKey!, approval.Id, "exe_frozen", null, CancellationToken.None);
        await _idempotency.CompleteAsync(approval.IdempotencyKey!, "exe_frozen", "reconciled", """{"content":[{"type":"text","text":"refunded"}]}""", CancellationToken.None);

        Assert.True(await Service("gw-2").RecoverClaimedByAsync("gw-1", CancellationToken.None));

        var stored = await _h.Approvals.GetAsync(approval.Id, CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Executed, stored!.Status);
        Assert.Equal("exe_frozen", stored.ResultExecutionId);
        Assert.Equal(0, _upstreamCalls);
    }

    [Fact]
    public async Task RecoverClaimedByAsync_ThawNeverTookTheKey_ReopenedForAnotherApprover()
    {
        var approval = await ClaimAndStopAsync(TimeSpan.Zero);

        Assert.True(await Service("gw-2").RecoverClaimedByAsync("gw-1", CancellationToken.None));

        var stored = await _h.Approvals.GetAsync(approval.Id, CancellationToken.None);
        Assert.Equal(ApprovalStatuses.Pending, stored!.Status);
        Assert.Null(stored.ClaimedInstance);
    }

    [Fact]
    public async Task RecoverClaimedByAsync_ClaimOfAnotherInstance_Untouched()
    {
        var approval = await ClaimAndStopAsync(TimeSpan.Zero);

        Assert.True(await Service("gw-2").RecoverClaimedByAsync("gw-3", CancellationToken.None));

        Assert.Equal(ApprovalStatuses.Deciding, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RecoverClaimedByAsync_ThawStillInFlight_NotSettledYet()
    {
        var approval = await ClaimAndStopAsync(TimeSpan.Zero);
        await _idempotency.TransferAsync(approval.IdempotencyKey!, approval.Id, "exe_frozen", null, CancellationToken.None);

        Assert.False(await Service("gw-2").RecoverClaimedByAsync("gw-1", CancellationToken.None));
        Assert.Equal(ApprovalStatuses.Deciding, (await _h.Approvals.GetAsync(approval.Id, CancellationToken.None))!.Status);
    }

    /// <summary>Freezes a call holding key k1, claims its approval as alice, and lets <paramref name="after"/> pass.</summary>
    private async Task<ApprovalRecord> ClaimAndStopAsync(TimeSpan? after = null)
    {
        var approval = await FreezeAsync();
        Assert.True(await _h.Approvals.TryClaimAsync(approval.Id, "alice", "gw-1", _h.Time.GetUtcNow(), CancellationToken.None));
        _h.Time.Advance(after ?? StuckAfter);
        return approval;
    }
}
