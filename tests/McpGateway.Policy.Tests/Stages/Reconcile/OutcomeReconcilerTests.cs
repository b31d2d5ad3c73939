using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Policy.Tests.Stages.Idempotency;
using McpGateway.Policy.Tests.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Stages.Reconcile;

public sealed class OutcomeReconcilerTests
{
    [Fact]
    public async Task OpenRecordWhoseKeyWasCompleted_EndsAsTheKeyDid_WithoutAProbe()
    {
        // The process died after it completed the key of a finished call and before it closed the record.
        await using var h = new StageHarness();
        var (journal, keys, record) = await OpenKeyedRecordAsync();
        await keys.CompleteAsync("k1", "exe_1", "completed", "{}", CancellationToken.None);

        // The tool is in no catalog: a probe could not even be looked up, so this must not need one.
        var reconciler = Reconciler(h, journal, keys);

        var verdict = await reconciler.ReconcileAsync(record, CancellationToken.None);

        Assert.Equal("completed", verdict.Status);
        Assert.Equal("completed", journal.Records["exe_1"].Status);
        Assert.Equal(IdempotencyStates.Completed, Assert.Single(keys.Records).State);
    }

    [Fact]
    public async Task OpenRecordWhoseToolHasNoProbe_ClosesUnknown_KeyBecomesOutcomeUnknown()
    {
        // Regression: the key stayed in flight for its whole window, so repeats were told to wait and no settle applied.
        await using var h = new StageHarness();
        var (journal, keys, record) = await OpenKeyedRecordAsync();
        var reconciler = Reconciler(h, journal, keys);

        var verdict = await reconciler.ReconcileAsync(record, CancellationToken.None);

        Assert.Equal("unknown", verdict.Status);
        Assert.Equal("unknown", journal.Records["exe_1"].Status);
        Assert.Equal(IdempotencyStates.OutcomeUnknown, Assert.Single(keys.Records).State);
    }

    /// <summary>An open record of a charge holding key k1 in flight, as a process that died mid-call left it.</summary>
    private static async Task<(FakeJournalStore Journal, FakeIdempotencyStore Keys, ExecutionRecord Record)> OpenKeyedRecordAsync()
    {
        var journal = new FakeJournalStore();
        var keys = new FakeIdempotencyStore();
        var record = new ExecutionRecord
        {
            ExecutionId = "exe_1", InstanceId = "dead", Tool = "billing__charge", ArgumentsJson = "{}", StartedAt = TestCalls.Start,
        };
        await journal.OpenAsync(record, CancellationToken.None);
        await keys.TryReserveAsync(new IdempotencyRecord
        {
            Key = "k1", Fingerprint = "fp", ExecutionId = "exe_1", State = IdempotencyStates.InFlight,
            CreatedAt = TestCalls.Start, ExpiresAt = TestCalls.Start.AddHours(1),
        }, TestCalls.Start, CancellationToken.None);
        return (journal, keys, record);
    }

    /// <summary>A reconciler that does not wait for connectors (the tool is in no catalog).</summary>
    private static OutcomeReconciler Reconciler(StageHarness h, FakeJournalStore journal, FakeIdempotencyStore keys) =>
        new(journal, keys, h.Catalog, new Prober(h.Reader), h.Time, NullLogger<OutcomeReconciler>.Instance) { ConnectWait = TimeSpan.Zero };
}
