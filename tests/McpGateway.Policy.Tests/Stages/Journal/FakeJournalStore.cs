using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Tests.Stages.Idempotency;

namespace McpGateway.Policy.Tests.Stages.Journal;

/// <summary>
/// An in-memory journal that records the order of operations (in <see cref="Events"/>, which a test may share with a
/// <see cref="FakeIdempotencyStore"/>) and can be told to fail.
/// </summary>
internal sealed class FakeJournalStore(List<string>? events = null) : IJournalStore
{
    public List<string> Events { get; } = events ?? [];

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

    public ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken)
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

        var open = Records[close.ExecutionId];
        Records[close.ExecutionId] = open with { Status = close.Status, Error = close.Error, EndedAt = close.EndedAt, TraceJson = close.TraceJson, Connector = close.Connector };
        return ValueTask.FromResult(true);
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
