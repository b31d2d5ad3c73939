using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    /// <summary>Claims a run and executes one pass of it: until it ends, pauses, or this engine stops.</summary>
    private async Task ExecuteAsync(string runId)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var active = new ActiveRun(cancel);
        lock (_activeGate)
        {
            if (!_active.TryAdd(runId, active))
            {
                _active[runId].Again = true;
                return;
            }
        }

        try
        {
            var now = _time.GetUtcNow();
            if (!await _runs.TryClaimAsync(runId, _options.InstanceId, now + _options.LeaseDuration, now, CancellationToken.None))
            {
                return;
            }

            try
            {
                await ExecuteClaimedAsync(runId, active);
            }
            finally
            {
                await _runs.ReleaseAsync(runId, _options.InstanceId, CancellationToken.None);
            }
        }
        catch (LeaseLostException)
        {
            // Steps still in flight here finish on their own (a tool call settles its idempotency key, so the new
            // owner replays it); every further write of theirs is refused by the same fence.
            Log.LeaseLost(_logger, runId, _options.InstanceId);
        }
#pragma warning disable CA1031 // a worker must outlive any failure of one run; the run stays resumable from its committed nodes
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_abort.IsCancellationRequested)
            {
                Log.RunCrashed(_logger, runId, ex);
            }
        }
        finally
        {
            bool again;
            lock (_activeGate)
            {
                _active.Remove(runId);
                again = active.Again;
            }

            if (again)
            {
                Enqueue(runId);
            }
        }
    }

    private async Task ExecuteClaimedAsync(string runId, ActiveRun active)
    {
        var run = await _runs.GetRunAsync(runId, CancellationToken.None);
        if (run is null || RunStatuses.IsTerminal(run.Status))
        {
            return;
        }

        var version = await _flows.GetVersionAsync(run.FlowId, run.Version, CancellationToken.None);
        var (flow, errors) = version is null ? (null, []) : _definitions.Get(version);
        if (flow is null)
        {
            // A version saved by an older build may not compile under today's limits: the run fails, naming why.
            await FinishAsync(run, RunStatuses.Failed, version is null
                ? $"Version {run.Version} of flow {run.FlowName} is gone."
                : $"Version {run.Version} of flow {run.FlowName} is not valid and cannot run: {string.Join("; ", errors.Take(3))}", null);
            return;
        }

        if (run.CancelRequested)
        {
            await active.Cancel.CancelAsync();
        }

        var state = new RunState(run, flow, await _runs.ListNodesAsync(runId, CancellationToken.None), active.Cancel.Token);
        active.State = state;
        if (run.Status != RunStatuses.Running)
        {
            state.Run = run with { Status = RunStatuses.Running, StartedAt = run.StartedAt ?? _time.GetUtcNow(), WakeAt = null };
            if (!await _runs.UpdateOwnedRunAsync(state.Run, _options.InstanceId, CancellationToken.None))
            {
                return;
            }

            Signal(state.Run, null, 0, RunStatuses.Running, null);
        }

        using var activity = FlowsDiagnostics.ActivitySource.StartActivity("flow.run");
        activity?.SetTag("mcpgw.run_id", run.Id);
        activity?.SetTag("mcpgw.flow", run.FlowName);
        activity?.SetTag("mcpgw.flow_version", run.Version);
        // A run timer cannot wait past about 49 days; a run due later than the ceiling is caught by the check after each pass.
        using var timeout = state.Run.TimeoutAt is { } at && at - _time.GetUtcNow() <= FlowEngineDefaults.MaxRunDurationCeiling
            ? new CancellationTokenSource(Max(at - _time.GetUtcNow(), TimeSpan.Zero), _time)
            : null;
        using var timeoutLink = timeout?.Token.Register(active.Cancel.Cancel);
        var pass = await ScheduleAsync(state);
        await EndPassAsync(state, pass);
    }

    /// <summary>Starts every ready step (independent ones concurrently) until nothing more can start in this pass.</summary>
    private async Task<PassResult> ScheduleAsync(RunState state)
    {
        var running = new Dictionary<string, Task<StepOutcome>>(StringComparer.Ordinal);
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        var result = new PassResult();
        var blocker = state.Flow.Steps.FirstOrDefault(s => state.Node(s.Key, 0) is { Status: NodeStatuses.Failed } && !s.ContinueOnError);
        if (blocker is not null)
        {
            result.Failure = $"step '{blocker.Key}' failed: {state.Node(blocker.Key, 0)!.Error}";
        }

        while (true)
        {
            if (result.Failure is null && !result.Canceled && !state.CancellationToken.IsCancellationRequested && !TimedOut(state))
            {
                foreach (var step in state.Flow.Steps)
                {
                    if (!running.ContainsKey(step.Key) && !waiting.Contains(step.Key) &&
                        !(state.Node(step.Key, 0) is { } n && NodeStatuses.IsFinished(n.Status)) && state.PredecessorsFinished(step))
                    {
                        running[step.Key] = RunStepAsync(state, step);
                    }
                }
            }

            if (running.Count == 0)
            {
                return result;
            }

            var done = await Task.WhenAny(running.Values);
            var key = running.First(p => p.Value == done).Key;
            running.Remove(key);
            StepOutcome outcome;
            try
            {
                outcome = await done;
            }
            catch (OperationCanceledException) when (state.CancellationToken.IsCancellationRequested)
            {
                result.Canceled = true;
                continue;
            }

            switch (outcome.Kind)
            {
                case StepOutcomeKind.Paused:
                    waiting.Add(key);
                    result.Wake = Min(result.Wake, outcome.WakeAt ?? _time.GetUtcNow() + _options.RecheckInterval);
                    break;
                case StepOutcomeKind.Failed:
                    result.Failure ??= $"step '{key}' failed: {outcome.Error}";
                    break;
            }

            result.Paused = waiting.Count > 0;
        }
    }

    private async Task EndPassAsync(RunState state, PassResult pass)
    {
        var run = state.Run;
        if (_abort.IsCancellationRequested)
        {
            return; // engine stopping: the run stays RUNNING with its committed nodes and resumes on the next start
        }

        if (TimedOut(state))
        {
            await AbandonNodesAsync(state, "the run timed out");
            var why = state.Flow.Timeout is { } own && own <= _options.Limits.MaxRunDuration
                ? $"its timeout ({Definition.Durations.Format(own)})"
                : $"the longest a run may take ({Definition.Durations.Format(_options.Limits.MaxRunDuration)}, the gateway's max_run_duration)";
            await FinishAsync(run, RunStatuses.Timeout, $"The run passed {why}.", null);
        }
        else if (pass.Canceled || state.CancellationToken.IsCancellationRequested)
        {
            await AbandonNodesAsync(state, "canceled");
            await FinishAsync(run, RunStatuses.Canceled, "The run was canceled.", null);
        }
        else if (pass.Failure is { } failure)
        {
            await FinishAsync(run, RunStatuses.Failed, failure, null);
        }
        else if (state.Flow.Steps.All(s => state.Node(s.Key, 0) is { } n && NodeStatuses.IsFinished(n.Status)))
        {
            var output = state.Flow.Output?.Render(state.Variables());
            await FinishAsync(run, RunStatuses.Succeeded, null, output);
        }
        else
        {
            var wake = Min(pass.Wake ?? _time.GetUtcNow() + _options.RecheckInterval, run.TimeoutAt);
            state.Run = run with { Status = RunStatuses.Paused, WakeAt = wake };
            if (await _runs.UpdateOwnedRunAsync(state.Run, _options.InstanceId, CancellationToken.None))
            {
                Signal(state.Run, null, 0, RunStatuses.Paused, null);
            }
        }
    }

    private async Task AbandonNodesAsync(RunState state, string reason)
    {
        foreach (var node in state.Snapshot().Where(n => n.Status is NodeStatuses.Running or NodeStatuses.Paused or NodeStatuses.Pending))
        {
            await CommitAsync(state, node with { Status = NodeStatuses.Failed, Error = reason, FinishedAt = _time.GetUtcNow() });
            if (node.ChildRunId is { } child && await _runs.RequestCancelAsync(child, CancellationToken.None))
            {
                Enqueue(child);
            }
        }
    }

    private async Task FinishAsync(FlowRun run, string status, string? error, System.Text.Json.Nodes.JsonNode? outputs)
    {
        var finished = run with { Status = status, Error = error, Outputs = outputs, FinishedAt = _time.GetUtcNow(), WakeAt = null };
        if (!await _runs.UpdateOwnedRunAsync(finished, _options.InstanceId, CancellationToken.None))
        {
            return;
        }

        Log.RunFinished(_logger, run.Id, status);
        FlowsDiagnostics.RunsFinished.Add(1, new KeyValuePair<string, object?>("status", status));
        Signal(finished, null, 0, status, error);
        if (run.ParentRunId is { } parent)
        {
            await WakeAsync(parent, run.Id);
        }
    }

    /// <summary>Wakes a paused parent run now (durably, so any replica picks it up) and queues it here.</summary>
    private async Task WakeAsync(string parentRunId, string childRunId)
    {
        try
        {
            // Only the wake time: the parent's own fields belong to whichever engine executes it.
            await _runs.WakeRunAsync(parentRunId, _time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ParentWakeFailed(_logger, parentRunId, childRunId, ex);
        }

        Enqueue(parentRunId);
    }

    private async Task CommitAsync(RunState state, NodeExecution node)
    {
        if (!await _runs.SaveOwnedNodeAsync(node, _options.InstanceId, CancellationToken.None))
        {
            throw LeaseLostException.For(node.RunId);
        }

        state.Set(node);
        if (NodeStatuses.IsFinished(node.Status))
        {
            FlowsDiagnostics.NodesFinished.Add(1, new KeyValuePair<string, object?>("status", node.Status));
        }

        Signal(state.Run, node.StepKey, node.Iteration, node.Status, node.Error);
    }

    private bool TimedOut(RunState state) => state.Run.TimeoutAt is { } at && _time.GetUtcNow() >= at;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>What a pass came to.</summary>
    private sealed class PassResult
    {
        public string? Failure { get; set; }

        public bool Canceled { get; set; }

        public bool Paused { get; set; }

        public DateTimeOffset? Wake { get; set; }
    }
}
