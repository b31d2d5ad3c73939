using McpGateway.Policy.Reconciliation;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Tests.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Reconciliation;

public sealed class OutcomeReconcilerTests
{
    [Fact]
    public async Task OpenRecordWhoseKeyWasCompleted_EndsAsTheKeyDid_WithoutAProbe()
    {
        // The close of a finished call failed, so its key was completed on its own and the record stayed open.
        await using var h = new StageHarness();
        var (journal, record) = await OpenKeyedRecordAsync();
        await journal.Keys.CompleteAsync("k1", "exe_1", "completed", "{}", CancellationToken.None);

        // The tool is in no catalog: a probe could not even be looked up, so this must not need one.
        var reconciler = Reconciler(h, journal);

        var verdict = await reconciler.ReconcileAsync(record, CancellationToken.None);

        Assert.Equal("completed", verdict.Status);
        Assert.Equal("completed", journal.Records["exe_1"].Status);
        Assert.Equal(IdempotencyStates.Completed, Assert.Single(journal.Keys.Records).State);
    }

    [Fact]
    public async Task OpenRecordWhoseToolHasNoProbe_ClosesUnknown_KeyBecomesOutcomeUnknown()
    {
        // Regression: the key stayed in flight for its whole window, so repeats were told to wait and no settle applied.
        await using var h = new StageHarness();
        var (journal, record) = await OpenKeyedRecordAsync();
        var reconciler = Reconciler(h, journal);

        var verdict = await reconciler.ReconcileAsync(record, CancellationToken.None);

        Assert.Equal("unknown", verdict.Status);
        Assert.Equal("unknown", journal.Records["exe_1"].Status);
        Assert.Equal(IdempotencyStates.OutcomeUnknown, Assert.Single(journal.Keys.Records).State);
    }

    /// <summary>An open record of a charge holding key k1 in flight, as a process that died mid-call left it.</summary>
    private static async Task<(FakeJournalStore Journal, ExecutionRecord Record)> OpenKeyedRecordAsync()
    {
        var journal = new FakeJournalStore();
        var record = new ExecutionRecord
        {
            ExecutionId = "exe_1", InstanceId = "dead", Tool = "billing__charge", ArgumentsJson = "{}", StartedAt = TestCalls.Start,
        };
        await journal.OpenAsync(record, CancellationToken.None);
        await journal.Keys.TryReserveAsync(new IdempotencyRecord
        {
            Key = "k1", Fingerprint = "fp", ExecutionId = "exe_1", State = IdempotencyStates.InFlight,
            CreatedAt = TestCalls.Start, ExpiresAt = TestCalls.Start.AddHours(1),
        }, TestCalls.Start, CancellationToken.None);
        return (journal, record);
    }

    /// <summary>A reconciler that does not wait for connectors (the tool is in no catalog).</summary>
    private static OutcomeReconciler Reconciler(StageHarness h, FakeJournalStore journal) =>
        new(journal, journal.Keys, h.Catalog, new Prober(h.Reader), h.Time, NullLogger<OutcomeReconciler>.Instance) { ConnectWait = TimeSpan.Zero };
}
