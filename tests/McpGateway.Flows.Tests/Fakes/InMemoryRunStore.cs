using System.Text.Json.Nodes;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Fakes;

/// <summary>A faithful in-memory run store: dedup per flow, leases, the terminal guard, runnable selection.</summary>
internal sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock _gate = new();

    /// <summary>Fenced writes refused because the writer did not hold the run's lease.</summary>
    public int RefusedWrites { get; private set; }
    private readonly Dictionary<string, FlowRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, int), NodeExecution> _nodes = [];
    private int _runnablePolls;

    /// <summary>How many times an engine's poller has finished asking for runnable runs.</summary>
    public int RunnablePolls => Volatile.Read(ref _runnablePolls);
    private readonly Dictionary<string, SortedSet<DateTimeOffset>> _ticks = new(StringComparer.Ordinal);

    /// <summary>Every node save, in order (to assert what was committed before what).</summary>
    public List<NodeExecution> NodeSaves { get; } = [];

    public int MaxConcurrentClaims { get; private set; }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<(FlowRun Run, bool Created)> CreateRunAsync(FlowRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (run.DedupKey is { } key && _runs.Values.FirstOrDefault(r => r.FlowId == run.FlowId && r.DedupKey == key) is { } existing)
            {
                return ValueTask.FromResult((Clone(existing), false));
            }

            _runs[run.Id] = Clone(run);
            return ValueTask.FromResult((Clone(run), true));
        }
    }

    public ValueTask<FlowRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_runs.TryGetValue(id, out var r) ? Clone(r) : null);
        }
    }

    public ValueTask<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var runs = _runs.Values
                .Where(r => (query.FlowId is null || r.FlowId == query.FlowId) && (query.Status is null || r.Status == query.Status) &&
                    (query.Origin is null || r.Origin == query.Origin) && (query.ParentRunId is null || r.ParentRunId == query.ParentRunId) &&
                    (query.Tag is null || r.Tags.Contains(query.Tag)))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).Take(query.Limit).Select(Clone).ToList();
            return ValueTask.FromResult(new RunPage(runs, null));
        }
    }

    public List<FlowRun> All()
    {
        lock (_gate)
        {
            return [.. _runs.Values.Select(Clone)];
        }
    }

    public ValueTask<bool> UpdateRunAsync(FlowRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(run.Id, out var stored) || RunStatuses.IsTerminal(stored.Status))
            {
                return ValueTask.FromResult(false);
            }

            _runs[run.Id] = stored with
            {
                Status = run.Status, Outputs = run.Outputs?.DeepClone(), Error = run.Error, StartedAt = run.StartedAt,
                FinishedAt = run.FinishedAt, TimeoutAt = run.TimeoutAt, WakeAt = run.WakeAt,
            };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> UpdateOwnedRunAsync(FlowRun run, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(run.Id, out var lease) && lease.Owner == owner)
            {
                return UpdateRunAsync(run, cancellationToken);
            }

            RefusedWrites++;
            return ValueTask.FromResult(false);
        }
    }

    public ValueTask<bool> WakeRunAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var stored) || stored.Status != RunStatuses.Paused)
            {
                return ValueTask.FromResult(false);
            }

            _runs[id] = stored with { WakeAt = at };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReopenRunAsync(string id, DateTimeOffset? timeoutAt, string? keyId, string? agent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var stored) || stored.Status is not (RunStatuses.Failed or RunStatuses.Timeout or RunStatuses.Canceled))
            {
                return ValueTask.FromResult(false);
            }

            _runs[id] = stored with
            {
                Status = RunStatuses.Pending, Error = null, Outputs = null, FinishedAt = null, WakeAt = null, CancelRequested = false, PauseReason = null, TimeoutAt = timeoutAt,
                KeyId = keyId, Agent = agent,
            };
            _leases.Remove(id);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> RequestPauseAsync(string id, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var stored) || RunStatuses.IsTerminal(stored.Status) || stored.PauseReason is not null || stored.CancelRequested)
            {
                return ValueTask.FromResult(false);
            }

            _runs[id] = stored with { PauseReason = reason };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ResumeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var stored) || RunStatuses.IsTerminal(stored.Status) || stored.PauseReason is null)
            {
                return ValueTask.FromResult(false);
            }

            _runs[id] = stored with { PauseReason = null, WakeAt = stored.Status == RunStatuses.Paused ? now : stored.WakeAt };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> RequestCancelAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var stored) || RunStatuses.IsTerminal(stored.Status))
            {
                return ValueTask.FromResult(false);
            }

            _runs[id] = stored with { CancelRequested = true };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> TryClaimAsync(string runId, string owner, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run) || RunStatuses.IsTerminal(run.Status))
            {
                return ValueTask.FromResult(false);
            }

            if (_leases.TryGetValue(runId, out var lease) && lease.Owner != owner && lease.Until > now)
            {
                return ValueTask.FromResult(false);
            }

            _leases[runId] = (owner, leaseUntil);
            MaxConcurrentClaims = Math.Max(MaxConcurrentClaims, _leases.Count);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask RenewLeasesAsync(string owner, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var id in runIds)
            {
                if (_leases.TryGetValue(id, out var lease) && lease.Owner == owner)
                {
                    _leases[id] = (owner, leaseUntil);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReleaseOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var held = _leases.Where(l => l.Value.Owner == owner).Select(l => l.Key).ToList();
            held.ForEach(id => _leases.Remove(id));
            return ValueTask.FromResult(held.Count);
        }
    }

    public ValueTask ReleaseAsync(string runId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(runId, out var lease) && lease.Owner == owner)
            {
                _leases.Remove(runId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Simulates a crashed replica: its leases lapse.</summary>
    public void DropLeases()
    {
        lock (_gate)
        {
            _leases.Clear();
        }
    }

    public ValueTask<IReadOnlyList<FlowRun>> ListRunnableAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<FlowRun> runnable = _runs.Values
                .Where(r => (r.Status is RunStatuses.Pending or RunStatuses.Running && !(_leases.TryGetValue(r.Id, out var l) && l.Until > now)) ||
                    (r.Status == RunStatuses.Paused && (r.WakeAt <= now || r.CancelRequested)))
                .OrderBy(r => r.CreatedAt).Take(limit).Select(Clone).ToList();
            Interlocked.Increment(ref _runnablePolls);
            return ValueTask.FromResult(runnable);
        }
    }

    public ValueTask SaveNodeAsync(NodeExecution node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var copy = Clone(node);
            _nodes[(node.RunId, node.StepKey, node.Iteration)] = copy;
            NodeSaves.Add(copy);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<bool> SaveOwnedNodeAsync(NodeExecution node, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(node.RunId, out var lease) || lease.Owner != owner)
            {
                RefusedWrites++;
                return false;
            }
        }

        await SaveNodeAsync(node, cancellationToken);
        return true;
    }

    public async ValueTask<bool> SaveNodeWhileRunEndedAsync(NodeExecution node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(node.RunId, out var run) || !RunStatuses.IsTerminal(run.Status))
            {
                return false;
            }
        }

        await SaveNodeAsync(node, cancellationToken);
        return true;
    }

    public ValueTask<IReadOnlyList<NodeExecution>> ListNodesAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<NodeExecution> nodes = _nodes.Values.Where(n => n.RunId == runId)
                .OrderBy(n => n.StartedAt).ThenBy(n => n.StepKey, StringComparer.Ordinal).ThenBy(n => n.Iteration).Select(Clone).ToList();
            return ValueTask.FromResult(nodes);
        }
    }

    public ValueTask<IReadOnlyList<NodeExecution>> FindNodesByApprovalAsync(string approvalId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<NodeExecution> nodes = _nodes.Values.Where(n => n.ApprovalId == approvalId && n.Status == NodeStatuses.Paused).Select(Clone).ToList();
            return ValueTask.FromResult(nodes);
        }
    }

    public ValueTask<RunStats> GetStatsAsync(DateTimeOffset now, int recent, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new RunStats { TotalRuns = _runs.Count });

    public ValueTask<bool> TryRecordTickAsync(string flowId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_ticks.TryGetValue(flowId, out var set))
            {
                _ticks[flowId] = set = [];
            }

            return ValueTask.FromResult(set.Add(tick));
        }
    }

    public ValueTask<DateTimeOffset?> GetLastTickAsync(string flowId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_ticks.TryGetValue(flowId, out var set) && set.Count > 0 ? set.Max : (DateTimeOffset?)null);
        }
    }

    private static FlowRun Clone(FlowRun run) => run with { Inputs = run.Inputs?.DeepClone() as JsonObject, Outputs = run.Outputs?.DeepClone() };

    private static NodeExecution Clone(NodeExecution node) => node with { Input = node.Input?.DeepClone(), Output = node.Output?.DeepClone() };
}
