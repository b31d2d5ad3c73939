using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Tests.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Stages.Idempotency;

/// <summary>
/// The idempotency stage behind a journal stage: effects begin with the record's open, then the key is reserved; the
/// key is completed before the record is closed. Each store writes its own.
/// </summary>
public sealed class IdempotencyWithJournalTests
{
    private readonly FakeJournalStore _journal;
    private readonly FakeIdempotencyStore _keys;
    private readonly FakeTimeProvider _time = new(TestCalls.Start);

    public IdempotencyWithJournalTests()
    {
        List<string> events = [];
        _journal = new FakeJournalStore(events);
        _keys = new FakeIdempotencyStore { Events = events };
    }

    [Fact]
    public async Task KeyedCall_OpensTheRecordThenReservesAndCompletesTheKeyBeforeTheClose()
    {
        string? stateDuringCall = null;
        var next = new FakeNext(_ =>
        {
            stateDuringCall = Assert.Single(_keys.Records).State;
            return TestCalls.Ok("charged");
        });

        var outcome = await Pipeline(next).InvokeAsync(KeyedContext());

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(IdempotencyStates.InFlight, stateDuringCall);
        Assert.Equal(["open", "reserve", "complete", "close"], _journal.Events);
        var key = Assert.Single(_keys.Records);
        Assert.Equal(IdempotencyStates.Completed, key.State);
        Assert.Equal(Assert.Single(_journal.Records.Values).ExecutionId, key.ExecutionId);
    }

    [Fact]
    public async Task KeyedRepeat_IsReplayedFromTheKeyTheCloseCompleted()
    {
        await Pipeline(new FakeNext(_ => TestCalls.Ok("charged"))).InvokeAsync(KeyedContext());
        var again = new FakeNext();

        var outcome = await Pipeline(again).InvokeAsync(KeyedContext());

        Assert.Equal(ToolCallStatus.Replayed, outcome.Status);
        Assert.Equal("charged", TestCalls.Text(outcome));
        Assert.Equal(0, again.Calls);
    }

    [Fact]
    public async Task CallWithoutKey_OpensBeforeTheNextStage()
    {
        var next = new FakeNext(_ =>
        {
            _journal.Events.Add("next");
            return TestCalls.Ok();
        });

        await Pipeline(next).InvokeAsync(TestCalls.Context(TestCalls.Card()));

        Assert.Equal(["open", "next", "close"], _journal.Events);
    }

    [Fact]
    public async Task OpenFails_NothingRunsAndNoKeyIsHeld()
    {
        _journal.FailOpen = true;
        var next = new FakeNext();

        var outcome = await Pipeline(next).InvokeAsync(KeyedContext());

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Contains("nothing was executed", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, next.Calls);
        Assert.Empty(_keys.Records);
    }

    [Fact]
    public async Task CloseFails_TheKeyIsCompletedAnyway()
    {
        var next = new FakeNext(_ =>
        {
            _journal.FailClose = true;
            return TestCalls.Ok("charged");
        });

        await Pipeline(next).InvokeAsync(KeyedContext());

        Assert.Equal(IdempotencyStates.Completed, Assert.Single(_keys.Records).State);
    }

    private ToolCallPipeline Pipeline(FakeNext next)
    {
        var journal = new JournalStage(_journal, new ArgumentRedactor(new SecretValues()), new JournalOptions { InstanceId = "i" }, _time, NullLogger<JournalStage>.Instance);
        var idempotency = new IdempotencyStage(
            _keys, new PolicyConfigSource(new PolicyConfig { IdempotencyWindow = TimeSpan.FromHours(1) }), _time, NullLogger<IdempotencyStage>.Instance);
        return ToolCallPipelineBuilder.Compose([journal, idempotency, new NextStage(next)]);
    }

    private static ToolCallContext KeyedContext() => TestCalls.Context(TestCalls.Card(), """{"order_id":"ord_7"}""", idempotencyKey: "k1");

    private sealed class NextStage(FakeNext next) : IToolCallStage
    {
        public string Name => "next";

        public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate _) => next.InvokeAsync(context);
    }
}
