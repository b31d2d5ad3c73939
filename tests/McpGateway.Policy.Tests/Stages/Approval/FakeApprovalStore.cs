using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Policy.Tests.Stages.Approval;

/// <summary>An in-memory approval store with the conditional claim the interface promises (only a pending approval can be claimed).</summary>
internal sealed class FakeApprovalStore : IApprovalStore
{
    private readonly Lock _gate = new();
    private readonly List<ApprovalRecord> _records = [];

    public IReadOnlyList<ApprovalRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.ToList();
            }
        }
    }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records.Add(record);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Find(r => r.Id == id));
        }
    }

    public ValueTask<long> CountAsync(string status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.LongCount(r => r.Status == status));
        }
    }

    public ValueTask<ApprovalRecord?> FindPendingAsync(string tool, string? connectorScope, string argumentsJson, string? agent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Where(r => r.Status == ApprovalStatuses.Pending && r.Tool == tool && r.ConnectorScope == connectorScope &&
                r.ArgumentsJson == argumentsJson && r.Agent == agent && r.IdempotencyKey is null).OrderBy(r => r.CreatedAt).FirstOrDefault());
        }
    }

    public ValueTask<IReadOnlyList<ApprovalRecord>> ListAsync(string? status, int limit, (DateTimeOffset CreatedAt, string Id)? before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<ApprovalRecord>>(
                _records.Where(r => status is null || r.Status == status).OrderByDescending(r => r.CreatedAt).Take(limit).ToList());
        }
    }

    public ValueTask<bool> TryClaimAsync(string id, string decidedBy, string instance, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(id, ApprovalStatuses.Pending, r => r with { Status = ApprovalStatuses.Deciding, DecidedBy = decidedBy, DecidedAt = at, ClaimedInstance = instance }));

    public ValueTask<bool> FinishAsync(string id, string status, string? decisionJson, string? resultExecutionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(id, ApprovalStatuses.Deciding, r => r with { Status = status, DecisionJson = decisionJson, ResultExecutionId = resultExecutionId }));

    public ValueTask<bool> TryReopenAsync(string id, string decidedBy, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var i = _records.FindIndex(r => r.Id == id);
            if (i < 0 || _records[i].Status != ApprovalStatuses.Deciding || _records[i].DecidedBy != decidedBy || _records[i].DecidedAt != claimedAt)
            {
                return ValueTask.FromResult(false);
            }

            _records[i] = _records[i] with { Status = ApprovalStatuses.Pending, DecidedBy = null, DecidedAt = null, ClaimedInstance = null };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> TryDecideAsync(string id, string status, string decidedBy, DateTimeOffset at, string? decisionJson, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(id, ApprovalStatuses.Pending, r => r with { Status = status, DecidedBy = decidedBy, DecidedAt = at, DecisionJson = decisionJson }));

    private bool Update(string id, string from, Func<ApprovalRecord, ApprovalRecord> change)
    {
        lock (_gate)
        {
            var i = _records.FindIndex(r => r.Id == id);
            if (i < 0 || _records[i].Status != from)
            {
                return false;
            }

            _records[i] = change(_records[i]);
            return true;
        }
    }
}
