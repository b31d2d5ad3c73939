using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Policy.Tests.Stages.StateVerify;

public sealed class StateVerifyStageTests : IAsyncLifetime
{
    private readonly StageHarness _h = new();
    private readonly FakeNext _next = new();
    private StateVerifyStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = new StateVerifyStage(new StateVerifier(_h.Reader));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_NoVerify_PassesWithoutTrace()
    {
        var context = TestCalls.Context(TestCalls.Card());

        await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Empty(context.Trace);
    }

    [Fact]
    public async Task InvokeAsync_AssumptionsHold_Executes()
    {
        var context = Context(new VerifyRequest { State = TestCalls.Json("""{"status":"open"}"""), AssumedState = TestCalls.Json("""{"status":"open"}""") });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Equal("execute", context.Details["verification"]!["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_DriftAndOnMismatchReplan_ReplanRequiredWithoutRunning()
    {
        var context = Context(new VerifyRequest
        {
            State = TestCalls.Json("""{"status":"closed"}"""),
            AssumedState = TestCalls.Json("""{"status":"open"}"""),
            OnMismatch = "replan",
        });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.ReplanRequired, outcome.Status);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_FailedConditionAndDefaultAbort_BlockedWithoutRunning()
    {
        var context = Context(new VerifyRequest
        {
            State = TestCalls.Json("""{"balance":0}"""),
            Conditions = [new ConditionConfig("balance", "> 0", "c", 1)],
        });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(0, _next.Calls);
        Assert.Equal("abort", Assert.Single(context.Trace).Decision);
    }

    private static ToolCallContext Context(VerifyRequest verify) => TestCalls.Context(TestCalls.Card(), options: new CallOptions { Verify = verify });
}
