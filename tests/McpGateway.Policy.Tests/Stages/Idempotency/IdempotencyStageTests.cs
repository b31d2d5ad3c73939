using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Stages.Idempotency;

public sealed class IdempotencyStageTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly FakeIdempotencyStore _store = new();
    private readonly FakeTimeProvider _time = new(TestCalls.Start);
    private readonly IdempotencyStage _stage;

    public IdempotencyStageTests() =>
        _stage = new IdempotencyStage(_store, new PolicyConfigSource(new PolicyConfig { IdempotencyWindow = Window }), _time, NullLogger<IdempotencyStage>.Instance);

    [Fact]
    public async Task InvokeAsync_ReadOnlyToolWithoutKey_ReservesNothing()
    {
        var next = new FakeNext();
        var context = TestCalls.Context(TestCalls.Card("billing__get_invoice") with { ReadOnly = true, Idempotent = true }, """{"invoice_id":"inv_1"}""");

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Empty(_store.Records);
        Assert.Null(context.HeldIdempotencyKey);
    }

    [Fact]
    public async Task InvokeAsync_NonIdempotentToolWithoutKey_RunsAndTracesNoKey()
    {
        var next = new FakeNext();
        var context = TestCalls.Context(TestCalls.Card());

        await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Empty(_store.Records);
        Assert.Equal("no_key", Assert.Single(context.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_CancelledBeforeAnyAttempt_ReleasesTheKeyAndRethrows()
    {
        var next = new FakeNext(_ => Task.FromException<ToolCallOutcome>(new OperationCanceledException("the caller went away during inline approval")));
        var context = KeyedContext();

        await Assert.ThrowsAsync<OperationCanceledException>(() => _stage.InvokeAsync(context, next.InvokeAsync).AsTask());

        Assert.Empty(_store.Records);
        Assert.Equal("released", context.Trace[^1].Decision);
        var repeat = await _stage.InvokeAsync(KeyedContext(executionId: "exe_2"), new FakeNext().InvokeAsync);
        Assert.Equal(ToolCallStatus.Completed, repeat.Status); // not "in flight": the key was free
    }

    [Fact]
    public async Task InvokeAsync_ThrowsAfterAnAttempt_KeyStaysHeld()
    {
        var next = new FakeNext(ctx =>
        {
            ctx.Attempts = 1;
            return Task.FromException<ToolCallOutcome>(new OperationCanceledException("cancelled mid-call"));
        });

        await Assert.ThrowsAsync<OperationCanceledException>(() => _stage.InvokeAsync(KeyedContext(), next.InvokeAsync).AsTask());

        Assert.Equal(IdempotencyStates.InFlight, Assert.Single(_store.Records).State); // the upstream may have acted
    }

    [Theory]
    [InlineData(ToolCallStatus.Cancelled, ToolCallFault.None)]
    [InlineData(ToolCallStatus.Failed, ToolCallFault.Timeout)]
    public async Task InvokeAsync_UnknownOutcomeButProbeSawNoEffect_ReleasesTheKey(ToolCallStatus status, ToolCallFault fault)
    {
        var next = new FakeNext(ctx =>
        {
            ctx.Attempts = 1;
            ctx.ProbeShowedNoEffect = true;
            return status == ToolCallStatus.Cancelled ? ToolCallOutcome.Cancelled("cancelled") : ToolCallOutcome.Failed(fault, "no answer");
        });

        await _stage.InvokeAsync(KeyedContext(), next.InvokeAsync);

        Assert.Empty(_store.Records); // the probe showed the call took no effect: calling again is safe
    }

    [Fact]
    public async Task InvokeAsync_CardTemplate_ReservesDerivedKey()
    {
        string? heldDuringCall = null;
        var next = new FakeNext(ctx =>
        {
            heldDuringCall = _store.Records.Single().State;
            return TestCalls.Ok();
        });
        var card = TestCalls.Card() with { IdempotencyKeyTemplate = "refund-{{args.order_id}}-{{args.amount}}" };
        var context = TestCalls.Context(card, """{"order_id":"ord_7","amount":25}""");

        await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal("refund-ord_7-25", context.HeldIdempotencyKey);
        Assert.Equal(IdempotencyStates.InFlight, heldDuringCall);
        Assert.Equal("refund-ord_7-25", Assert.Single(_store.Records).Key);
    }

    [Fact]
    public async Task InvokeAsync_CallerKeyOnATemplatedTool_TemplateKeyApplies_CallerKeyRecorded()
    {
        var card = TestCalls.Card() with { IdempotencyKeyTemplate = "refund-{{args.order_id}}" };
        var context = TestCalls.Context(card, """{"order_id":"ord_7"}""", idempotencyKey: "caller-key");

        await _stage.InvokeAsync(context, new FakeNext().InvokeAsync);

        Assert.Equal("refund-ord_7", Assert.Single(_store.Records).Key);
        Assert.Equal("caller-key", context.Details["caller_idempotency_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_TemplatedChargeRepeatedUnderFreshCallerKeys_RunsOnceThenReplays()
    {
        // Regression: a caller's key replaced the tool's template, so varying it charged one payment three times.
        var card = TestCalls.Card("billing__charge") with { IdempotencyKeyTemplate = "charge:{{args.payment_id}}" };
        var next = FakeNext.Returning(TestCalls.Ok("charged"));
        var statuses = new List<ToolCallStatus>();
        for (var i = 1; i <= 3; i++)
        {
            var context = TestCalls.Context(card, """{"payment_id":"pay_1","amount":5}""", idempotencyKey: $"attempt-{i}");
            context.ExecutionId = $"exe_{i}";
            statuses.Add((await _stage.InvokeAsync(context, next.InvokeAsync)).Status);
        }

        Assert.Equal(1, next.Calls);
        Assert.Equal([ToolCallStatus.Completed, ToolCallStatus.Replayed, ToolCallStatus.Replayed], statuses);
    }

    [Fact]
    public async Task InvokeAsync_AnotherAgentReusesACallersKey_RefusedWithoutReplayOrRun()
    {
        await _stage.InvokeAsync(KeyedContext(), FakeNext.Returning(TestCalls.Ok("secret result")).InvokeAsync);
        var other = TestCalls.Context(TestCalls.Card(), """{"order_id":"ord_7","amount":25}""",
            caller: CallerIdentity.For("mcp", null, null, "mallory"), idempotencyKey: "k1");
        other.ExecutionId = "exe_2";
        var next = new FakeNext();

        var outcome = await _stage.InvokeAsync(other, next.InvokeAsync);

        Assert.Equal(0, next.Calls);
        Assert.Equal((ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict), (outcome.Status, outcome.Fault));
        Assert.Null(outcome.Result);
        Assert.Contains("by another agent", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_CompletedOutcome_StoresResult()
    {
        var context = KeyedContext();

        await _stage.InvokeAsync(context, FakeNext.Returning(TestCalls.Ok("refunded 25")).InvokeAsync);

        var record = Assert.Single(_store.Records);
        Assert.Equal(IdempotencyStates.Completed, record.State);
        Assert.Equal("completed", record.OutcomeStatus);
        Assert.Contains("refunded 25", record.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_CompletedKey_ReplaysStoredResultWithoutRunning()
    {
        await _stage.InvokeAsync(KeyedContext(), FakeNext.Returning(TestCalls.Ok("refunded 25")).InvokeAsync);
        var next = new FakeNext();
        var repeat = KeyedContext(executionId: "exe_2");

        var outcome = await _stage.InvokeAsync(repeat, next.InvokeAsync);

        Assert.Equal(0, next.Calls);
        Assert.Equal(ToolCallStatus.Replayed, outcome.Status);
        Assert.Equal("refunded 25", TestCalls.Text(outcome));
        Assert.Equal("exe_1", repeat.Details["replayed_from"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_KeyInFlight_BlockedWithConflict()
    {
        ToolCallOutcome? concurrent = null;
        var inner = new FakeNext();
        var first = new FakeNext(async _ =>
        {
            concurrent = await _stage.InvokeAsync(KeyedContext(executionId: "exe_2"), inner.InvokeAsync);
            return TestCalls.Ok();
        });

        await _stage.InvokeAsync(KeyedContext(), first.InvokeAsync);

        Assert.Equal(0, inner.Calls);
        Assert.Equal(ToolCallStatus.Blocked, concurrent!.Status);
        Assert.Equal(ToolCallFault.IdempotencyInFlight, concurrent.Fault);
        Assert.Contains("in flight", concurrent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SameKeyOtherArguments_BlockedAsMismatch()
    {
        await _stage.InvokeAsync(KeyedContext(args: """{"order_id":"ord_7","amount":25}"""), new FakeNext().InvokeAsync);
        var next = new FakeNext();
        var other = KeyedContext(args: """{"order_id":"ord_7","amount":2500}""", executionId: "exe_2");

        var outcome = await _stage.InvokeAsync(other, next.InvokeAsync);

        Assert.Equal(0, next.Calls);
        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(ToolCallFault.IdempotencyConflict, outcome.Fault);
        Assert.Equal("mismatch", Assert.Single(other.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_SameKeySameArgumentsInOtherOrder_Replays()
    {
        await _stage.InvokeAsync(KeyedContext(args: """{"order_id":"ord_7","amount":25}"""), new FakeNext().InvokeAsync);

        var outcome = await _stage.InvokeAsync(KeyedContext(args: """{"amount":25,"order_id":"ord_7"}""", executionId: "exe_2"), new FakeNext().InvokeAsync);

        Assert.Equal(ToolCallStatus.Replayed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_SameKeyAndAmountWrittenAs25Point0_ReplaysInsteadOfMismatch()
    {
        await _stage.InvokeAsync(KeyedContext(args: """{"order_id":"ord_7","amount":25}"""), new FakeNext().InvokeAsync);

        var outcome = await _stage.InvokeAsync(KeyedContext(args: """{"order_id":"ord_7","amount":25.0}""", executionId: "exe_2"), new FakeNext().InvokeAsync);

        Assert.Equal(ToolCallStatus.Replayed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_KeyAndNumberBeyondDecimalRange_ReservesInsteadOfThrowing()
    {
        var next = new FakeNext();

        var outcome = await _stage.InvokeAsync(KeyedContext(args: """{"order_id":"ord_7","amount":1e300}"""), next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(IdempotencyStates.Completed, Assert.Single(_store.Records).State);
    }

    [Fact]
    public async Task InvokeAsync_KeyPendingApproval_ReturnsPendingWithApprovalId()
    {
        var frozen = new FakeNext(ctx =>
        {
            ctx.ApprovalId = "appr_1";
            return ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval, "held");
        });
        await _stage.InvokeAsync(KeyedContext(), frozen.InvokeAsync);
        var next = new FakeNext();
        var repeat = KeyedContext(executionId: "exe_2");

        var outcome = await _stage.InvokeAsync(repeat, next.InvokeAsync);

        Assert.Equal(IdempotencyStates.PendingApproval, Assert.Single(_store.Records).State);
        Assert.Equal(0, next.Calls);
        Assert.Equal(ToolCallStatus.PendingApproval, outcome.Status);
        Assert.Equal("appr_1", repeat.ApprovalId);
        Assert.Equal("appr_1", repeat.Details["approval_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_DefiniteFailureBeforeAnyAttempt_ReleasesKey()
    {
        var context = KeyedContext();

        await _stage.InvokeAsync(context, FakeNext.Returning(ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, "down")).InvokeAsync);

        Assert.Empty(_store.Records);
    }

    [Fact]
    public async Task InvokeAsync_RefusedLaterInThePipeline_ReleasesKeySoARetryRuns()
    {
        await _stage.InvokeAsync(KeyedContext(), FakeNext.Returning(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.None, "aborted")).InvokeAsync);
        var next = new FakeNext();

        var outcome = await _stage.InvokeAsync(KeyedContext(executionId: "exe_2"), next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
    }

    [Theory]
    [InlineData(ToolCallFault.OutcomeUnknown)]
    [InlineData(ToolCallFault.Timeout)]
    public async Task InvokeAsync_UnknownOutcomeAfterAnAttempt_KeyIsMarkedOutcomeUnknown(ToolCallFault fault)
    {
        var context = KeyedContext();
        var next = new FakeNext(ctx =>
        {
            ctx.Attempts = 1;
            return ToolCallOutcome.Failed(fault, "no answer");
        });

        await _stage.InvokeAsync(context, next.InvokeAsync);

        var record = Assert.Single(_store.Records);
        Assert.Equal(IdempotencyStates.OutcomeUnknown, record.State);
        Assert.Equal("exe_1", record.ExecutionId);
        Assert.Equal("outcome_unknown", context.Trace[^1].Decision);
    }

    [Fact]
    public async Task InvokeAsync_ReadOnlyToolTimedOutWithAKey_ReleasesTheKey()
    {
        var context = TestCalls.Context(TestCalls.Card("billing__get_invoice") with { ReadOnly = true }, """{"invoice_id":"inv_1"}""", idempotencyKey: "k1");
        var next = new FakeNext(ctx =>
        {
            ctx.Attempts = 1;
            return ToolCallOutcome.Failed(ToolCallFault.Timeout, "no answer");
        });

        await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Empty(_store.Records); // reading again is harmless: a repeat may run
    }

    [Fact]
    public async Task InvokeAsync_RepeatOfACallWhoseOutcomeIsUnknown_IsRefusedSayingSo()
    {
        await _stage.InvokeAsync(KeyedContext(), new FakeNext(ctx =>
        {
            ctx.Attempts = 1;
            return ToolCallOutcome.Cancelled("cancelled mid-call");
        }).InvokeAsync);
        var again = new FakeNext();
        var repeat = KeyedContext(executionId: "exe_2");

        var outcome = await _stage.InvokeAsync(repeat, again.InvokeAsync);

        Assert.Equal(0, again.Calls);
        Assert.Equal((ToolCallStatus.Blocked, ToolCallFault.IdempotencyUndetermined), (outcome.Status, outcome.Fault));
        Assert.Contains("without knowing whether the upstream acted", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("outcome_unknown", repeat.Trace[^1].Decision);
    }

    [Fact]
    public async Task InvokeAsync_KeyExpired_ReservedAfresh()
    {
        await _stage.InvokeAsync(KeyedContext(), FakeNext.Returning(TestCalls.Ok("first")).InvokeAsync);
        _time.Advance(Window + TimeSpan.FromSeconds(1));
        var next = FakeNext.Returning(TestCalls.Ok("second"));

        var outcome = await _stage.InvokeAsync(KeyedContext(executionId: "exe_2"), next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        var record = Assert.Single(_store.Records);
        Assert.Equal("exe_2", record.ExecutionId);
        Assert.Equal(_time.GetUtcNow() + Window, record.ExpiresAt);
    }

    [Fact]
    public async Task InvokeAsync_KeyNotYetExpired_Replays()
    {
        await _stage.InvokeAsync(KeyedContext(), FakeNext.Returning(TestCalls.Ok("first")).InvokeAsync);
        _time.Advance(Window - TimeSpan.FromSeconds(1));

        var outcome = await _stage.InvokeAsync(KeyedContext(executionId: "exe_2"), new FakeNext().InvokeAsync);

        Assert.Equal(ToolCallStatus.Replayed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_ThawedCall_TakesOverTheApprovalsKeyAndRuns()
    {
        _store.Seed(Record("k1", "exe_0", IdempotencyStates.PendingApproval, approvalId: "appr_1"));
        var next = new FakeNext();
        var context = TestCalls.Context(TestCalls.Card(), thaw: Thaw("appr_1", "k1"));

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(1, next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        var record = Assert.Single(_store.Records);
        Assert.Equal(IdempotencyStates.Completed, record.State);
        Assert.Equal("exe_1", record.ExecutionId);
    }

    [Fact]
    public async Task InvokeAsync_ThawedCallWhoseKeyIsHeldElsewhere_BlockedWithoutRunning()
    {
        _store.Seed(Record("k1", "exe_9", IdempotencyStates.InFlight));
        var next = new FakeNext();
        var context = TestCalls.Context(TestCalls.Card(), thaw: Thaw("appr_1", "k1"));

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(0, next.Calls);
        Assert.Equal(ToolCallFault.IdempotencyConflict, outcome.Fault);
    }

    private static ToolCallContext KeyedContext(string args = """{"order_id":"ord_7","amount":25}""", string executionId = "exe_1")
    {
        var context = TestCalls.Context(TestCalls.Card(), args, idempotencyKey: "k1");
        context.ExecutionId = executionId;
        return context;
    }

    private static IdempotencyRecord Record(string key, string executionId, string state, string? approvalId = null) => new()
    {
        Key = key,
        Fingerprint = ArgumentsJson.Fingerprint("billing__refund", TestCalls.Args("{}")),
        ExecutionId = executionId,
        State = state,
        ApprovalId = approvalId,
        CreatedAt = TestCalls.Start,
        ExpiresAt = TestCalls.Start + Window,
    };

    private static ApprovalThaw Thaw(string approvalId, string key) => new(
        new ApprovalRecord
        {
            Id = approvalId,
            Tool = "billing__refund",
            Connector = "billing",
            ArgumentsJson = "{}",
            ExecutionId = "exe_0",
            CreatedAt = TestCalls.Start,
            IdempotencyKey = key,
        },
        "alice",
        null);
}
