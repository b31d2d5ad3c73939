using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Tests.Stages.Idempotency;

namespace McpGateway.Policy.Tests.Stages.Journal;

/// <summary>
/// An in-memory journal that records the order of operations and can be told to fail. Key writes that ride on opens
/// and closes go to <see cref="Keys"/>, as the real stores write them to the idempotency table beside the journal.
/// </summary>
internal sealed class FakeJournalStore(FakeIdempotencyStore? keys = null) : IJournalStore
{
    public FakeIdempotencyStore Keys { get; } = keys ?? new FakeIdempotencyStore();

    public List<string> Events { get; } = [];

    public Dictionary<string, ExecutionRecord> Records { get; } = [];

    public bool FailOpen { get; set; }

    public bool FailClose { get; set; }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OpenAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        if (FailOpen)
        {
            throw new IOException("disk full");
        }

        Events.Add("open");
        Records[record.ExecutionId] = record;
        return ValueTask.CompletedTask;
    }

    public async ValueTask<IdempotencyRecord?> OpenReservingAsync(
        ExecutionRecord record, IdempotencyRecord reservation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await OpenAsync(record, cancellationToken);
        Events[^1] = "open+reserve";
        return await Keys.TryReserveAsync(reservation, now, cancellationToken);
    }

    public async ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken)
    {
        if (FailClose)
        {
            throw new IOException("disk full");
        }

        Events.Add(close.Unopened is null ? "close" : "record");
        if (close.Unopened is { } unopened)
        {
            Records[close.ExecutionId] = unopened;
        }

        if (close.Completion is { } completion)
        {
            Events[^1] += "+complete";
            await Keys.CompleteAsync(completion.Key, close.ExecutionId, completion.OutcomeStatus, completion.ResultJson, cancellationToken);
        }

        var open = Records[close.ExecutionId];
        Records[close.ExecutionId] = open with { Status = close.Status, Error = close.Error, EndedAt = close.EndedAt, TraceJson = close.TraceJson, Connector = close.Connector };
        return true;
    }

    public ValueTask<bool> SettleAsync(string executionId, string settlementJson, CancellationToken cancellationToken)
    {
        if (!Records.TryGetValue(executionId, out var record) || record.Status == ExecutionRecord.OpenStatus || record.SettlementJson is not null)
        {
            return ValueTask.FromResult(false);
        }

        Records[executionId] = record with { SettlementJson = settlementJson };
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> ReopenAsync(string executionId, string instanceId, JournalReopen reason, CancellationToken cancellationToken)
    {
        if (!Records.TryGetValue(executionId, out var record) ||
            (reason == JournalReopen.InputRound ? record.Status != "input_required" : record.Status == ExecutionRecord.OpenStatus))
        {
            return ValueTask.FromResult(false);
        }

        Records[executionId] = record with { Status = ExecutionRecord.OpenStatus, InstanceId = instanceId, EndedAt = null, Error = null };
        return ValueTask.FromResult(true);
    }

    public ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.GetValueOrDefault(executionId));

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ExecutionRecord>>(Records.Values.Where(r => r.Status == ExecutionRecord.OpenStatus).ToList());

    public ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>(Records.Values.Where(r => r.Status == ExecutionRecord.OpenStatus).Select(r => r.InstanceId).Distinct().ToList());

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ExecutionRecord>>(Records.Values.ToList());
}
