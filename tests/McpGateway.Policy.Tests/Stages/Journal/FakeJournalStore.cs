using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Policy.Tests.Stages.Journal;

/// <summary>An in-memory journal that records the order of operations and can be told to fail.</summary>
internal sealed class FakeJournalStore : IJournalStore
{
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

    public ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken)
    {
        if (FailClose)
        {
            throw new IOException("disk full");
        }

        Events.Add("close");
        var open = Records[close.ExecutionId];
        Records[close.ExecutionId] = open with { Status = close.Status, Error = close.Error, EndedAt = close.EndedAt, TraceJson = close.TraceJson, Connector = close.Connector };
        return ValueTask.FromResult(true);
    }

    public ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.GetValueOrDefault(executionId));

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ExecutionRecord>>(Records.Values.Where(r => r.Status == ExecutionRecord.OpenStatus).ToList());

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ExecutionRecord>>(Records.Values.ToList());
}
