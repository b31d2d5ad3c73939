using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Rules;
using McpGateway.Policy.Tests.Callers;
using McpGateway.Policy.Tests.Stages.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Stages.Approval;

public sealed partial class ApprovalServiceTests : IAsyncLifetime
{
    private readonly StageHarness _h = new();
    private readonly FakeIdempotencyStore _idempotency = new();
    private readonly FakeApiKeyStore _keys = new();
    private readonly PolicyConfigSource _policy = new(new PolicyConfig { Rules = [new RuleConfig { Action = "require_approval", Reason = "large refund" }] });
    private int _upstreamCalls;
    private ToolCallPipeline _pipeline = null!;

    public Task InitializeAsync()
    {
        _keys.Add(TestCalls.Key());
        _pipeline = ToolCallPipelineBuilder.Compose(
        [
            new ResolvedStage(),
            new RulesStage(_policy),
            new IdempotencyStage(_idempotency, _policy, _h.Time, NullLogger<IdempotencyStage>.Instance),
            new ApprovalStage(_h.Freezer, _h.Reader, _h.Time),
            new CountingUpstream(this),
        ]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ApproveAsync_UnknownId_NotFound()
    {
        var decision = await Service().ApproveAsync("appr_nope", "alice", null, CancellationToken.None);

        Assert.Equal(ApprovalDecisionKind.NotFound, decision.Kind);
    }

    [Fact]
    public async Task ApproveAsync_StateUnchanged_ExecutesOnceAndFinishesExecuted()
    {
        var approval = await FreezeAsync();

        var decision = await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal(ApprovalDecisionKind.Decided, decision.Kind);
        Assert.Equal("executed", decision.Decision);
        Assert.Equal(1, _upstreamCalls);
        Assert.Equal(ApprovalStatuses.Executed, decision.Approval!.Status);
        Assert.Equal("exe_frozen", decision.Approval.ResultExecutionId);
        Assert.Equal(["exe_frozen"], _idempotency.Records.Select(r => r.ExecutionId));
        Assert.Equal(IdempotencyStates.Completed, Assert.Single(_idempotency.Records).State);
    }

    [Fact]
    public async Task ApproveAsync_SecondApprover_AlreadyDecidedAndNothingRunsAgain()
    {
        var approval = await FreezeAsync();
        await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        var second = await Service().ApproveAsync(approval.Id, "bob", null, CancellationToken.None);

        Assert.Equal(ApprovalDecisionKind.AlreadyDecided, second.Kind);
        Assert.Equal(1, _upstreamCalls);
    }

    [Fact]
    public async Task ApproveAsync_KeyRevoked_BlockedWithoutRunningAndIdempotencyKeyFreed()
    {
        var approval = await FreezeAsync();
        await _keys.RevokeAsync("key_1", TestCalls.Start, CancellationToken.None);

        var decision = await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal("blocked", decision.Decision);
        Assert.Equal(ApprovalStatuses.Blocked, decision.Approval!.Status);
        Assert.Equal(0, _upstreamCalls);
        Assert.Empty(_idempotency.Records);
    }

    [Fact]
    public async Task ApproveAsync_ThawDeniedBeforeTheIdempotencyStage_IdempotencyKeyFreed()
    {
        var approval = await FreezeAsync();
        _policy.Update(new PolicyConfig { Rules = [new RuleConfig { Action = "deny", Reason = "refunds are frozen" }] });

        var decision = await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal("blocked", decision.Decision);
        Assert.Equal(0, _upstreamCalls);
        Assert.Empty(_idempotency.Records);
    }

    [Fact]
    public async Task ApproveAsync_StateDrifted_RequeuedAndKeyNowHeldByTheNewApproval()
    {
        var approval = await FreezeAsync(new CallOptions { Verify = new VerifyRequest { State = TestCalls.Json("""{"balance":100}""") } });

        var decision = await Service().ApproveAsync(approval.Id, "alice", TestCalls.Json("""{"balance":40}"""), CancellationToken.None);

        Assert.Equal("requeued", decision.Decision);
        Assert.Equal(ApprovalStatuses.Invalidated, decision.Approval!.Status);
        Assert.Equal(0, _upstreamCalls);
        var requeued = Assert.Single(_h.Approvals.Records, r => r.ParentApprovalId == approval.Id);
        var key = Assert.Single(_idempotency.Records);
        Assert.Equal(IdempotencyStates.PendingApproval, key.State);
        Assert.Equal(requeued.Id, key.ApprovalId);
    }

    [Fact]
    public async Task RejectAsync_Pending_RejectedAndIdempotencyKeyFreed()
    {
        var approval = await FreezeAsync();

        var decision = await Service().RejectAsync(approval.Id, "alice", "not this customer", CancellationToken.None);

        Assert.Equal("rejected", decision.Decision);
        Assert.Equal(ApprovalStatuses.Rejected, decision.Approval!.Status);
        Assert.Empty(_idempotency.Records);
    }

    [Fact]
    public async Task RejectAsync_AlreadyApproved_AlreadyDecided()
    {
        var approval = await FreezeAsync();
        await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        var decision = await Service().RejectAsync(approval.Id, "bob", null, CancellationToken.None);

        Assert.Equal(ApprovalDecisionKind.AlreadyDecided, decision.Kind);
        Assert.Equal(ApprovalStatuses.Executed, decision.Approval!.Status);
    }

    [Fact]
    public async Task ApproveAsync_FlowApproval_ExecutedAsApprovedWithoutRunningATool()
    {
        var approval = await CreateFlowApprovalAsync();

        var decision = await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal("approved", decision.Decision);
        Assert.Equal("Approved; the run continues.", decision.Message);
        Assert.Equal(ApprovalStatuses.Executed, decision.Approval!.Status);
        Assert.Equal(0, _upstreamCalls);
        Assert.Empty(_idempotency.Records);
    }

    [Fact]
    public async Task ApproveAsync_FlowApprovalExpired_CancelledNotApproved()
    {
        var approval = await CreateFlowApprovalAsync(expiresAt: TestCalls.Start.AddMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(6));

        var decision = await Service().ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal("cancelled", decision.Decision);
        Assert.Equal(ApprovalStatuses.Cancelled, decision.Approval!.Status);
    }

    [Fact]
    public async Task ApproveAsync_Decided_RaisesDecidedOnceWithTheFinalRecord()
    {
        var approval = await CreateFlowApprovalAsync();
        var service = Service();
        var seen = new List<ApprovalRecord>();
        service.Decided += seen.Add;

        await service.ApproveAsync(approval.Id, "alice", null, CancellationToken.None);
        await service.ApproveAsync(approval.Id, "bob", null, CancellationToken.None);

        var raised = Assert.Single(seen);
        Assert.Equal(approval.Id, raised.Id);
        Assert.Equal(ApprovalStatuses.Executed, raised.Status);
    }

    [Fact]
    public async Task ApproveAsync_ThawedToolCall_RaisesDecided()
    {
        var approval = await FreezeAsync();
        var service = Service();
        var seen = new List<ApprovalRecord>();
        service.Decided += seen.Add;

        await service.ApproveAsync(approval.Id, "alice", null, CancellationToken.None);

        Assert.Equal(ApprovalStatuses.Executed, Assert.Single(seen).Status);
    }

    [Fact]
    public async Task RejectAsync_FlowApproval_RaisesDecidedWithRejected()
    {
        var approval = await CreateFlowApprovalAsync();
        var service = Service();
        var seen = new List<ApprovalRecord>();
        service.Decided += seen.Add;

        await service.RejectAsync(approval.Id, "alice", "no", CancellationToken.None);

        Assert.Equal(ApprovalStatuses.Rejected, Assert.Single(seen).Status);
    }

    private async Task<ApprovalRecord> CreateFlowApprovalAsync(DateTimeOffset? expiresAt = null)
    {
        var record = new ApprovalRecord
        {
            Id = "appr_flow",
            Tool = "flow__refund",
            Connector = ApprovalKinds.FlowConnector,
            ArgumentsJson = """{"run_id":"run_1","step":"approve","iteration":0,"message":"ok?"}""",
            ExecutionId = "exe_flow",
            CreatedAt = TestCalls.Start,
            ExpiresAt = expiresAt,
        };
        await _h.Approvals.CreateAsync(record, CancellationToken.None);
        return record;
    }

    private ApprovalService Service(string instance = "gw-1") => new(_h.Approvals, _idempotency, new StoredKeyResolver(_keys), () => _pipeline, _h.Time, instance);

    /// <summary>Runs a call through the pipeline under a require_approval rule, so it is frozen holding key k1.</summary>
    private async Task<ApprovalRecord> FreezeAsync(CallOptions? options = null)
    {
        var context = new ToolCallContext("billing__refund", TestCalls.Args("""{"amount":500}"""), TestCalls.Caller(TestCalls.Key()), CancellationToken.None)
        {
            IdempotencyKey = "k1",
            Options = options,
        };

        var outcome = await _pipeline.InvokeAsync(context);

        Assert.Equal(ToolCallStatus.PendingApproval, outcome.Status);
        Assert.Equal(IdempotencyStates.PendingApproval, Assert.Single(_idempotency.Records).State);
        return Assert.Single(_h.Approvals.Records);
    }

    /// <summary>Stands in for journal and resolve: an execution id and the card.</summary>
    private sealed class ResolvedStage : IToolCallStage
    {
        public string Name => "resolve";

        public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
        {
            context.ExecutionId = context.Continues ?? "exe_frozen"; // as the journal stage does: a thaw continues the frozen execution
            context.Card = TestCalls.Card();
            return next(context);
        }
    }

    private sealed class CountingUpstream(ApprovalServiceTests owner) : IToolCallStage
    {
        public string Name => "upstream";

        public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
        {
            owner._upstreamCalls++;
            context.Attempts++;
            return ValueTask.FromResult(TestCalls.Ok("refunded"));
        }
    }
}
