using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.RateLimit;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Stages.RateLimit;

public sealed class RateLimitStageTests
{
    private static readonly LimitConfig TwoPerMinute = new() { Name = "per-agent", By = "agent", Requests = 2, Per = TimeSpan.FromMinutes(1) };
    private static readonly LimitConfig OneAtOnce = new() { Name = "one-at-once", By = "connector", Concurrent = 1 };

    private readonly FakeTimeProvider _time = new(TestCalls.Start.AddSeconds(15));
    private readonly FakeRateLimitStore _store = new();
    private readonly FakeNext _next = new();
    private int _executions;

    [Fact]
    public async Task InvokeAsync_NoLimits_PassesWithoutTouchingTheStore()
    {
        var stage = Stage();
        var context = Context();

        var outcome = await stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(0, _store.Counted);
        Assert.Empty(context.Trace);
    }

    [Fact]
    public async Task InvokeAsync_LimitOnOtherTools_PassesWithoutCounting()
    {
        var stage = Stage(TwoPerMinute with { Tools = ["crm__*"] });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ToolCallStatus.Completed, (await stage.InvokeAsync(Context(), _next.InvokeAsync)).Status);
        }

        Assert.Equal(0, _store.Counted);
    }

    [Fact]
    public async Task InvokeAsync_OverTheRequestLimit_RefusedWithRetryAfterAndNothingRuns()
    {
        var stage = Stage(TwoPerMinute);
        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        var third = Context();

        var outcome = await stage.InvokeAsync(third, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(ToolCallFault.RateLimited, outcome.Fault);
        Assert.Equal(2, _next.Calls);
        Assert.Equal(45, third.Details["retry_after_s"]!.GetValue<long>()); // the minute began 15 s ago
        Assert.Equal("per-agent", third.Details["limit"]!.GetValue<string>());
        Assert.Equal("Rate limit 'per-agent': 2 calls per minute for agent 'bot'; nothing was executed; retry after 45 s.", outcome.Message);
        Assert.Equal(("limit", "limited"), (third.Trace[^1].Stage, third.Trace[^1].Decision));
    }

    [Fact]
    public async Task InvokeAsync_NextWindow_PassesAgain()
    {
        var stage = Stage(TwoPerMinute);
        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        Assert.Equal(ToolCallFault.RateLimited, (await stage.InvokeAsync(Context(), _next.InvokeAsync)).Fault);

        _time.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(ToolCallStatus.Completed, (await stage.InvokeAsync(Context(), _next.InvokeAsync)).Status);
        Assert.Equal(3, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ByAgent_EachAgentHasItsOwnCount()
    {
        var stage = Stage(TwoPerMinute with { Requests = 1 });

        var bot = await stage.InvokeAsync(Context(agent: "bot"), _next.InvokeAsync);
        var other = await stage.InvokeAsync(Context(agent: "other"), _next.InvokeAsync);
        var botAgain = await stage.InvokeAsync(Context(agent: "bot"), _next.InvokeAsync);

        Assert.Equal((ToolCallStatus.Completed, ToolCallStatus.Completed, ToolCallFault.RateLimited), (bot.Status, other.Status, botAgain.Fault));
    }

    [Fact]
    public async Task InvokeAsync_ConcurrentLimit_RefusedWhileHeld_FreedWhenTheCallEnds()
    {
        var stage = Stage(OneAtOnce);
        var release = new TaskCompletionSource<ToolCallOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = stage.InvokeAsync(Context(), _ => new ValueTask<ToolCallOutcome>(release.Task)).AsTask();
        Assert.Equal(1, _store.Held);

        var refused = Context();
        var outcome = await stage.InvokeAsync(refused, _next.InvokeAsync);
        release.SetResult(TestCalls.Ok());
        await first;

        Assert.Equal(ToolCallFault.RateLimited, outcome.Fault);
        Assert.Equal("Rate limit 'one-at-once': 1 call at once for connector 'billing', and that many are in flight; nothing was executed; retry after 1 s.", outcome.Message);
        Assert.Equal(0, _store.Held);
        Assert.Equal(ToolCallStatus.Completed, (await stage.InvokeAsync(Context(), _next.InvokeAsync)).Status);
    }

    [Fact]
    public async Task InvokeAsync_RefusedByRequests_GivesBackTheSlotItTook()
    {
        var stage = Stage(OneAtOnce, TwoPerMinute with { Requests = 1 });
        await stage.InvokeAsync(Context(), _next.InvokeAsync);

        var outcome = await stage.InvokeAsync(Context(), _next.InvokeAsync);

        Assert.Equal("per-agent", Assert.IsType<string>(outcome.Message?.Split('\'')[1]));
        Assert.Equal(0, _store.Held);
    }

    [Fact]
    public async Task InvokeAsync_RefusedForConcurrency_CountsNoRequest()
    {
        var stage = Stage(OneAtOnce, TwoPerMinute);
        var release = new TaskCompletionSource<ToolCallOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = stage.InvokeAsync(Context(), _ => new ValueTask<ToolCallOutcome>(release.Task)).AsTask();

        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        release.SetResult(TestCalls.Ok());
        await first;

        Assert.Equal(1, _store.Counted);
    }

    [Fact]
    public async Task InvokeAsync_LaterStageThrows_SlotFreed()
    {
        var stage = Stage(OneAtOnce);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await stage.InvokeAsync(Context(), _ => throw new InvalidOperationException("boom")));

        Assert.Equal(0, _store.Held);
    }

    [Fact]
    public async Task InvokeAsync_LaterRoundOfAnExecution_NotCountedAgain()
    {
        var stage = Stage(TwoPerMinute with { Requests = 1 });
        await stage.InvokeAsync(Context(), _next.InvokeAsync);
        var round = new ToolCallContext("billing__refund", null, TestCalls.Caller(), CancellationToken.None)
        {
            Card = TestCalls.Card(),
            Continues = "exe_1",
        };

        var outcome = await stage.InvokeAsync(round, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _store.Counted);
    }

    [Fact]
    public async Task InvokeAsync_PolicyReloaded_NewLimitsApplyToTheNextCall()
    {
        var policy = new PolicyConfigSource(new PolicyConfig());
        var stage = new RateLimitStage(_store, policy, new RateLimitOptions { InstanceId = "gw-1" }, _time, NullLogger<RateLimitStage>.Instance);
        await stage.InvokeAsync(Context(), _next.InvokeAsync);

        policy.Update(new PolicyConfig { Limits = [TwoPerMinute with { Requests = 1 }] });
        await stage.InvokeAsync(Context(), _next.InvokeAsync);

        Assert.Equal(ToolCallFault.RateLimited, (await stage.InvokeAsync(Context(), _next.InvokeAsync)).Fault);
    }

    [Fact]
    public async Task InvokeAsync_KeyWithItsOwnLimit_LimitedWithNoConfiguredLimit_OtherKeysNot()
    {
        var stage = Stage();
        var limited = TestCalls.Key() with { Limit = new KeyLimit { Requests = 1, Per = TimeSpan.FromMinutes(1) } };
        var other = TestCalls.Key() with { Id = "key_2", Name = "other" };
        ToolCallContext As(ApiKey key) => Context(caller: CallerIdentity.For("mcp", null, key, null));
        await stage.InvokeAsync(As(limited), _next.InvokeAsync);

        var refused = await stage.InvokeAsync(As(limited), _next.InvokeAsync);
        var unlimited = await stage.InvokeAsync(As(other), _next.InvokeAsync);

        Assert.Equal(ToolCallFault.RateLimited, refused.Fault);
        Assert.Equal("Rate limit of key 'ci': 1 call per minute for this key; nothing was executed; retry after 45 s.", refused.Message);
        Assert.Equal(ToolCallStatus.Completed, unlimited.Status);
        Assert.Equal(1, _store.Counted);
    }

    [Fact]
    public void WindowStart_AlignsToThePeriod()
    {
        var now = new DateTimeOffset(2026, 11, 22, 10, 7, 42, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 7, 0, TimeSpan.Zero), RateLimitStage.WindowStart(now, TimeSpan.FromMinutes(1)));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), RateLimitStage.WindowStart(now, TimeSpan.FromHours(1)));
    }

    private RateLimitStage Stage(params LimitConfig[] limits) => new(
        _store, new PolicyConfigSource(new PolicyConfig { Limits = limits }), new RateLimitOptions { InstanceId = "gw-1" }, _time, NullLogger<RateLimitStage>.Instance);

    private ToolCallContext Context(string agent = "bot", CallerIdentity? caller = null)
    {
        var context = TestCalls.Context(TestCalls.Card(), caller: caller ?? new CallerIdentity("mcp", null, agent));
        context.ExecutionId = $"exe_{++_executions}";
        return context;
    }
}
