using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Reconcile;

namespace McpGateway.Policy.Tests.Stages.Reconcile;

// A probe that reaches an upstream needs a real one: that path is covered by the integration tests.
public sealed class ReconcileStageTests : IAsyncLifetime
{
    private readonly StageHarness _h = new();
    private ReconcileStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = new ReconcileStage(new Prober(_h.Reader));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_CompletedOutcome_ReturnedAsIs()
    {
        var completed = TestCalls.Ok();
        var context = TestCalls.Context(TestCalls.Card() with { Probe = Probe() });

        var outcome = await _stage.InvokeAsync(context, FakeNext.Returning(completed).InvokeAsync);

        Assert.Same(completed, outcome);
        Assert.Empty(context.Trace);
    }

    [Fact]
    public async Task InvokeAsync_DefiniteFailure_ReturnedAsIsWithoutProbing()
    {
        var failed = ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, "down");
        var context = TestCalls.Context(TestCalls.Card() with { Probe = Probe() });

        var outcome = await _stage.InvokeAsync(context, FakeNext.Returning(failed).InvokeAsync);

        Assert.Same(failed, outcome);
        Assert.Empty(context.Trace);
    }

    [Theory]
    [InlineData(ToolCallFault.OutcomeUnknown)]
    [InlineData(ToolCallFault.Timeout)]
    public async Task InvokeAsync_UnknownOutcomeAndNoProbe_ReturnedUnchangedWithNoProbeTrace(ToolCallFault fault)
    {
        var unknown = ToolCallOutcome.Failed(fault, "no answer");
        var context = TestCalls.Context(TestCalls.Card());

        var outcome = await _stage.InvokeAsync(context, FakeNext.Returning(unknown).InvokeAsync);

        Assert.Same(unknown, outcome);
        Assert.Equal("no_probe", Assert.Single(context.Trace).Decision);
        Assert.False(context.ProbeShowedNoEffect);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancelledMidCall_ProbesLikeAnUnknownOutcome()
    {
        var cancelled = ToolCallOutcome.Cancelled("The call was cancelled by the caller; the upstream was told to stop.");
        var context = TestCalls.Context(TestCalls.Card() with { Probe = Probe() });

        var outcome = await _stage.InvokeAsync(context, FakeNext.Returning(cancelled).InvokeAsync);

        Assert.Same(cancelled, outcome);
        Assert.Equal("probe_failed", Assert.Single(context.Trace).Decision); // the probe ran (its tool is not up here)
    }

    [Fact]
    public async Task InvokeAsync_ProbeToolUnavailable_OutcomeStaysUnknownAndNoRetryAllowed()
    {
        var unknown = ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown, "connection lost");
        var context = TestCalls.Context(TestCalls.Card() with { Probe = Probe() });

        var outcome = await _stage.InvokeAsync(context, FakeNext.Returning(unknown).InvokeAsync);

        Assert.Same(unknown, outcome);
        Assert.Equal("probe_failed", Assert.Single(context.Trace).Decision);
        Assert.False(context.ProbeShowedNoEffect);
    }

    private static ProbeConfig Probe() => new()
    {
        Call = new ToolReference { Tool = "billing__get_refund", Args = TestCalls.Json("""{"order_id":"{{args.order_id}}"}""") },
        SucceededWhen = [new ConditionConfig(null, "result.status == 'refunded'", "p", 1)],
    };
}
