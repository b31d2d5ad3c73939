using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Failure;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Failure;

public sealed class FailureStageTests : IAsyncLifetime
{
    // Above the retry cap, so one call's retries alone never open the circuit.
    private const int BreakerFailures = 6;
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    private readonly StageHarness _h = new(new PolicyConfig
    {
        MaxRetries = 4,
        RetryBaseDelay = TimeSpan.Zero,
        BreakerFailures = BreakerFailures,
        BreakDuration = BreakDuration,
    });

    private FailureStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = new FailureStage(_h.Policy, _h.Catalog, _h.Freezer, _h.Time);
        _h.Catalog.Publish(
            new ConnectorConfig { Name = "billing", Kind = ConnectorKind.McpStdio, Command = "x" },
            new UpstreamInventory { Tools = [new Tool { Name = "refund_v1", InputSchema = JsonSerializer.SerializeToElement(new { type = "object" }) }] },
            CatalogChange.All);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_ReadOnlyToolTimesOut_RetriedThenSucceeds()
    {
        var next = FakeNext.Returning(Timeout(), Timeout(), TestCalls.Ok("third time"));
        var context = TestCalls.Context(ReadOnlyCard() with { Retry = 3 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal("third time", TestCalls.Text(outcome));
        Assert.Equal(3, next.Calls);
        Assert.Equal(3, context.Attempts);
        Assert.Equal(2, context.Trace.Count(d => d.Decision == "retry"));
    }

    [Fact]
    public async Task InvokeAsync_ReadOnlyToolKeepsTimingOut_GivesUpAfterRetryCount()
    {
        var next = FakeNext.Returning(Timeout());
        var context = TestCalls.Context(ReadOnlyCard() with { Retry = 2 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallFault.Timeout, outcome.Fault);
        Assert.Equal(3, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NonIdempotentToolTimesOut_NotRetried()
    {
        var next = FakeNext.Returning(Timeout(), TestCalls.Ok());
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallFault.Timeout, outcome.Fault);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NonIdempotentToolUnavailableWithKeyHeld_Retried()
    {
        var next = FakeNext.Returning(Unavailable(), TestCalls.Ok());
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });
        context.HeldIdempotencyKey = "k1";

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(2, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NonIdempotentToolUnavailableWithoutKey_NotRetried()
    {
        var next = FakeNext.Returning(Unavailable(), TestCalls.Ok());
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallFault.UpstreamUnavailable, outcome.Fault);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_UnknownOutcomeAndProbeShowedNoEffect_Retried()
    {
        var next = new FakeNext(ctx =>
        {
            if (ctx.Attempts > 1)
            {
                return TestCalls.Ok();
            }

            // What the reconcile stage does when the probe saw no effect.
            ctx.ProbeShowedNoEffect = true;
            return ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown, "connection lost");
        });
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(2, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_UnknownOutcomeWithoutProbe_NotRetried()
    {
        var next = FakeNext.Returning(ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown, "connection lost"), TestCalls.Ok());
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });
        context.HeldIdempotencyKey = "k1";

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallFault.OutcomeUnknown, outcome.Fault);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_CardAsksForMoreRetriesThanPolicyCap_CapWins()
    {
        var next = FakeNext.Returning(Timeout());
        var context = TestCalls.Context(ReadOnlyCard() with { Retry = 10 });

        await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(1 + 4, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_CallOptionsRetry_OverridesCardRetry()
    {
        var next = FakeNext.Returning(Timeout());
        var context = TestCalls.Context(ReadOnlyCard() with { Retry = 3 }, options: new CallOptions { Retry = 1 });

        await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(2, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ToolErrorResult_NotRetriedForNonIdempotentTool()
    {
        var next = FakeNext.Returning(ToolError(), TestCalls.Ok());
        var context = TestCalls.Context(TestCalls.Card() with { Retry = 3 });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_PerCallTimeout_SetOnContextForUpstream()
    {
        var context = TestCalls.Context(TestCalls.Card(), options: new CallOptions { Timeout = TimeSpan.FromSeconds(3) });

        await _stage.InvokeAsync(context, new FakeNext().InvokeAsync);

        Assert.Equal(TimeSpan.FromSeconds(3), context.Timeout);
    }

    [Fact]
    public async Task InvokeAsync_PrimaryFails_FallbackCalledOnce()
    {
        var next = FakeNext.Returning(UpstreamError(), TestCalls.Ok("from v1"));
        var context = TestCalls.Context(TestCalls.Card() with { Fallback = "billing__refund_v1" });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(["billing__refund", "billing__refund_v1"], next.Cards);
        Assert.Equal("billing__refund_v1", context.Details["fallback"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_FallbackFailsToo_NotCalledAgain()
    {
        var next = FakeNext.Returning(UpstreamError());
        var context = TestCalls.Context(TestCalls.Card() with { Fallback = "refund_v1" });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Equal(["billing__refund", "billing__refund_v1"], next.Cards);
    }

    [Fact]
    public async Task InvokeAsync_FallbackOutsideKeysAllowedTools_NotCalled()
    {
        var next = FakeNext.Returning(UpstreamError(), TestCalls.Ok());
        var key = TestCalls.Key() with { AllowedTools = ["billing__refund"] };
        var context = TestCalls.Context(TestCalls.Card() with { Fallback = "billing__refund_v1" }, caller: TestCalls.Caller(key));

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Equal(1, next.Calls);
        Assert.Contains(context.Trace, d => d.Decision == "fallback_denied");
    }

    [Fact]
    public async Task InvokeAsync_FailureWithOnFailureEscalate_PendingApproval()
    {
        var next = FakeNext.Returning(UpstreamError());
        var context = TestCalls.Context(TestCalls.Card() with { EscalateOnFailure = true });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.PendingApproval, outcome.Status);
        var approval = Assert.Single(_h.Approvals.Records);
        Assert.StartsWith("escalated failure: ", approval.Reason, StringComparison.Ordinal);
        Assert.Equal(approval.Id, context.ApprovalId);
        Assert.True(context.Details["escalated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task InvokeAsync_CallOptionsOnFailureError_OverridesCardEscalate()
    {
        var next = FakeNext.Returning(UpstreamError());
        var context = TestCalls.Context(TestCalls.Card() with { EscalateOnFailure = true }, options: new CallOptions { OnFailure = "error" });

        var outcome = await _stage.InvokeAsync(context, next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Empty(_h.Approvals.Records);
    }

    [Fact]
    public async Task InvokeAsync_ConnectorFailsBreakerFailuresTimes_NextCallFailsFastWithoutCallingNext()
    {
        var next = FakeNext.Returning(UpstreamError());
        for (var i = 0; i < BreakerFailures; i++)
        {
            await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);
        }

        var outcome = await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);

        Assert.Equal(ToolCallFault.CircuitOpen, outcome.Fault);
        Assert.Equal(BreakerFailures, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_FewerFailuresThanBreakerFailures_CircuitStaysClosed()
    {
        var next = FakeNext.Returning(UpstreamError());
        for (var i = 0; i < BreakerFailures - 1; i++)
        {
            await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);
        }

        var outcome = await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);

        Assert.Equal(ToolCallFault.UpstreamError, outcome.Fault);
        Assert.Equal(BreakerFailures, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_CircuitOpenForOneConnector_OtherConnectorsStillCalled()
    {
        var next = FakeNext.Returning(UpstreamError());
        for (var i = 0; i < BreakerFailures; i++)
        {
            await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);
        }

        var outcome = await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card("crm__update")), next.InvokeAsync);

        Assert.Equal(ToolCallFault.UpstreamError, outcome.Fault);
        Assert.Equal(BreakerFailures + 1, next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_BreakDurationPassed_CallsNextAgain()
    {
        var failing = true;
        var next = new FakeNext(_ => failing ? UpstreamError() : TestCalls.Ok());
        for (var i = 0; i < BreakerFailures; i++)
        {
            await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);
        }

        failing = false;
        _h.Time.Advance(BreakDuration + TimeSpan.FromSeconds(1));
        var outcome = await _stage.InvokeAsync(TestCalls.Context(TestCalls.Card()), next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(BreakerFailures + 1, next.Calls);
    }

    private static CapabilityCard ReadOnlyCard() => TestCalls.Card("billing__get_invoice") with { ReadOnly = true, Idempotent = true };

    private static ToolCallOutcome Timeout() => ToolCallOutcome.Failed(ToolCallFault.Timeout, "no answer in time");

    private static ToolCallOutcome Unavailable() => ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, "not connected");

    private static ToolCallOutcome UpstreamError() => ToolCallOutcome.Failed(ToolCallFault.UpstreamError, "internal error");

    private static ToolCallOutcome ToolError() => ToolCallOutcome.Completed(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "declined" }] });
}
