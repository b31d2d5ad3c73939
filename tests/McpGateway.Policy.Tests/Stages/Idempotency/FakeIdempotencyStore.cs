using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Policy.Tests.Stages.Idempotency;

/// <summary>
/// An in-memory idempotency store that keeps the interface's promises: reservation is one atomic step under a lock
/// (an expired record is replaced as if absent), and every change needs the holder's execution or approval id.
/// </summary>
internal sealed class FakeIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);

    /// <summary>"reserve" and "complete" in the order they were called (a list a test may share with a journal fake).</summary>
    public List<string> Events { get; init; } = [];

    public IReadOnlyList<IdempotencyRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.Values.ToList();
            }
        }
    }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IdempotencyRecord?> TryReserveAsync(IdempotencyRecord candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Events.Add("reserve");
            if (_records.TryGetValue(candidate.Key, out var holder) && holder.ExpiresAt > now)
            {
                return ValueTask.FromResult<IdempotencyRecord?>(holder);
            }

            _records[candidate.Key] = candidate;
            return ValueTask.FromResult<IdempotencyRecord?>(null);
        }
    }

    public ValueTask<bool> CompleteAsync(string key, string executionId, string outcomeStatus, string resultJson, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Events.Add("complete");
        }

        return ValueTask.FromResult(Update(key, r => r.ExecutionId == executionId,
            r => r with { State = IdempotencyStates.Completed, OutcomeStatus = outcomeStatus, ResultJson = resultJson, ApprovalId = null }));
    }

    public ValueTask<bool> MarkPendingApprovalAsync(string key, string executionId, string approvalId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(key, r => r.ExecutionId == executionId && r.State == IdempotencyStates.InFlight,
            r => r with { State = IdempotencyStates.PendingApproval, ApprovalId = approvalId }));

    public ValueTask<bool> TransferAsync(string key, string approvalId, string newExecutionId, string? newApprovalId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(key, r => r.State == IdempotencyStates.PendingApproval && r.ApprovalId == approvalId,
            r => newApprovalId is null
                ? r with { State = IdempotencyStates.InFlight, ExecutionId = newExecutionId, ApprovalId = null }
                : r with { ExecutionId = newExecutionId, ApprovalId = newApprovalId }));

    public ValueTask<bool> MarkOutcomeUnknownAsync(string key, string executionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(key, r => r.ExecutionId == executionId && r.State == IdempotencyStates.InFlight,
            r => r with { State = IdempotencyStates.OutcomeUnknown }));

    public ValueTask<bool> SettleOutcomeUnknownAsync(string key, string executionId, string? resultJson, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(key, out var r) || r.ExecutionId != executionId || r.State != IdempotencyStates.OutcomeUnknown)
            {
                return ValueTask.FromResult(false);
            }

            if (resultJson is null)
            {
                _records.Remove(key);
            }
            else
            {
                _records[key] = r with { State = IdempotencyStates.Completed, OutcomeStatus = "reconciled", ResultJson = resultJson };
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseAsync(string key, string executionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var held = _records.TryGetValue(key, out var r) && r.ExecutionId == executionId &&
                r.State is IdempotencyStates.InFlight or IdempotencyStates.PendingApproval; // as the stores' SQL: only a held key
            return ValueTask.FromResult(held && _records.Remove(key));
        }
    }

    public ValueTask<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(key));
        }
    }

    public ValueTask<IdempotencyRecord?> FindByExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Values.FirstOrDefault(r => r.ExecutionId == executionId));
        }
    }

    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _records.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Key).ToList();
            expired.ForEach(k => _records.Remove(k));
            return ValueTask.FromResult(expired.Count);
        }
    }

    /// <summary>Puts a record in place directly (a key another call holds).</summary>
    public void Seed(IdempotencyRecord record)
    {
        lock (_gate)
        {
            _records[record.Key] = record;
        }
    }

    private bool Update(string key, Func<IdempotencyRecord, bool> holds, Func<IdempotencyRecord, IdempotencyRecord> change)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(key, out var r) || !holds(r))
            {
                return false;
            }

            _records[key] = change(r);
            return true;
        }
    }
}
