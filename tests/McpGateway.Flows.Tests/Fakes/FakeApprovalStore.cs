using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Tests.Fakes;

/// <summary>In-memory approvals with the conditional claim and decide of the real stores.</summary>
internal sealed class FakeApprovalStore : IApprovalStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ApprovalRecord> _records = new(StringComparer.Ordinal);

    public List<ApprovalRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values];
            }
        }
    }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records.Add(record.Id, record);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(id));
        }
    }

    public ValueTask<long> CountAsync(string status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Values.LongCount(r => r.Status == status));
        }
    }

    public ValueTask<ApprovalRecord?> FindPendingAsync(string tool, string? connectorScope, string argumentsJson, string? agent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Values.Where(r => r.Status == ApprovalStatuses.Pending && r.Tool == tool && r.ConnectorScope == connectorScope &&
                r.ArgumentsJson == argumentsJson && r.Agent == agent && r.IdempotencyKey is null).OrderBy(r => r.CreatedAt).FirstOrDefault());
        }
    }

    public ValueTask<IReadOnlyList<ApprovalRecord>> ListAsync(string? status, int limit, (DateTimeOffset CreatedAt, string Id)? before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ApprovalRecord> list = [.. _records.Values.Where(r => status is null || r.Status == status).Take(limit)];
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask<bool> TryClaimAsync(string id, string decidedBy, string instance, DateTimeOffset at, CancellationToken cancellationToken) =>
        Transition(id, ApprovalStatuses.Pending, r => r with { Status = ApprovalStatuses.Deciding, DecidedBy = decidedBy, DecidedAt = at, ClaimedInstance = instance });

    public ValueTask<bool> FinishAsync(string id, string status, string? decisionJson, string? resultExecutionId, CancellationToken cancellationToken) =>
        Transition(id, ApprovalStatuses.Deciding, r => r with { Status = status, DecisionJson = decisionJson, ResultExecutionId = resultExecutionId });

    public ValueTask<bool> TryReopenAsync(string id, string decidedBy, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var r) || r.Status != ApprovalStatuses.Deciding || r.DecidedBy != decidedBy || r.DecidedAt != claimedAt)
            {
                return ValueTask.FromResult(false);
            }

            _records[id] = r with { Status = ApprovalStatuses.Pending, DecidedBy = null, DecidedAt = null, ClaimedInstance = null };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> TryDecideAsync(string id, string status, string decidedBy, DateTimeOffset at, string? decisionJson, CancellationToken cancellationToken) =>
        Transition(id, ApprovalStatuses.Pending, r => r with { Status = status, DecidedBy = decidedBy, DecidedAt = at, DecisionJson = decisionJson });

    /// <summary>Sets a status directly (a decision made elsewhere, e.g. a thawed tool call that executed).</summary>
    public void Set(string id, string status)
    {
        lock (_gate)
        {
            _records[id] = _records[id] with { Status = status, DecidedBy = "tester" };
        }
    }

    private ValueTask<bool> Transition(string id, string from, Func<ApprovalRecord, ApprovalRecord> change)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var r) || r.Status != from)
            {
                return ValueTask.FromResult(false);
            }

            _records[id] = change(r);
            return ValueTask.FromResult(true);
        }
    }
}
