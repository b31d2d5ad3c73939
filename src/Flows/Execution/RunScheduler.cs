using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Claims runs with leases and executes them: workers take queued runs, claim each, and make a pass over it; the poller
/// picks up runnable runs from the store (left by a crash, lapsed leases of another replica, woken delays, rechecks),
/// renews the leases of runs executing here, and notices cancel requests made on another replica.
/// </summary>
internal sealed partial class RunScheduler(IFlowStore flows, IRunStore runs, FlowDefinitionCache definitions, FlowEngineOptions options,
    TimeProvider time, RunQueue queue, RunSignals signals, RunPass pass, RunFinisher finisher, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _loops = [];
    private bool _started;

    /// <summary>Starts the workers and the poller.</summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        for (var i = 0; i < Math.Max(1, options.MaxConcurrentRuns); i++)
        {
            _loops.Add(Task.Run(WorkAsync, CancellationToken.None));
        }

        _loops.Add(Task.Run(MaintainAsync, CancellationToken.None));
    }

    /// <summary>Stops taking work; running nodes may finish within <paramref name="grace"/>, the rest stays resumable.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        queue.Close();
        var all = Task.WhenAll(_loops);
        if (await Task.WhenAny(all, Task.Delay(grace, time, cancellationToken)) != all)
        {
            // Past the grace: abort what still executes; its runs stay RUNNING and are resumed by the next start.
            await _abort.CancelAsync();
        }

        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Queues the runs whose nodes wait on this approval.</summary>
    public async Task ResumeWaitingOnAsync(string approvalId)
    {
        try
        {
            foreach (var node in await runs.FindNodesByApprovalAsync(approvalId, CancellationToken.None))
            {
                queue.Enqueue(node.RunId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The poller rechecks waiting runs every RecheckInterval, so a lost wake-up only delays the run.
            Log.WakeFailed(logger, approvalId, ex);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _abort.Dispose();
    }

    private async Task WorkAsync()
    {
        try
        {
            while (await queue.WaitAsync(_stop.Token))
            {
                while (!_stop.IsCancellationRequested && queue.TryTake(out var runId))
                {
                    await ExecuteAsync(runId);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims a run and executes one pass of it: until it ends, pauses, or this engine stops.</summary>
    private async Task ExecuteAsync(string runId)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var active = new ActiveRun(cancel);
        if (!queue.TryBegin(runId, active))
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            if (!await runs.TryClaimAsync(runId, options.InstanceId, now + options.LeaseDuration, now, CancellationToken.None))
            {
                return;
            }

            try
            {
                await ExecuteClaimedAsync(runId, active);
            }
            finally
            {
                await runs.ReleaseAsync(runId, options.InstanceId, CancellationToken.None);
            }
        }
        catch (LeaseLostException)
        {
            // Steps still in flight here finish on their own (a tool call settles its idempotency key, so the new
            // owner replays it); every further write of theirs is refused by the same fence.
            Log.LeaseLost(logger, runId, options.InstanceId);
        }
#pragma warning disable CA1031 // a worker must outlive any failure of one run; the run stays resumable from its committed nodes
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_abort.IsCancellationRequested)
            {
                Log.RunCrashed(logger, runId, ex);
            }
        }
        finally
        {
            if (queue.End(runId, active))
            {
                queue.Enqueue(runId);
            }
        }
    }

    private async Task ExecuteClaimedAsync(string runId, ActiveRun active)
    {
        var run = await runs.GetRunAsync(runId, CancellationToken.None);
        if (run is null || RunStatuses.IsTerminal(run.Status))
        {
            return;
        }

        var version = await flows.GetVersionAsync(run.FlowId, run.Version, CancellationToken.None);
        var (flow, errors) = version is null ? (null, []) : definitions.Get(version);
        if (flow is null)
        {
            // A version saved by an older build may not compile under today's limits: the run fails, naming why.
            await finisher.FinishAsync(null, run, RunStatuses.Failed, version is null
                ? $"Version {run.Version} of flow {run.FlowName} is gone."
                : $"Version {run.Version} of flow {run.FlowName} is not valid and cannot run: {string.Join("; ", errors.Take(3))}", null);
            return;
        }

        if (run.CancelRequested)
        {
            await active.Cancel.CancelAsync();
        }
        else if (run is { Status: RunStatuses.Paused, PauseReason: not null } && !(run.TimeoutAt <= time.GetUtcNow()))
        {
            // Still paused by a caller (a recheck, or a wake that raced the pause): look again later, changing nothing else.
            var wake = WakeTimes.Earliest(time.GetUtcNow() + options.RecheckInterval, run.TimeoutAt);
            await runs.UpdateOwnedRunAsync(run with { WakeAt = wake }, options.InstanceId, CancellationToken.None);
            return;
        }

        var state = new RunState(run, flow, await runs.ListNodesAsync(runId, CancellationToken.None), active.Cancel.Token);
        active.State = state;
        if (run.Status != RunStatuses.Running)
        {
            state.Run = run with { Status = RunStatuses.Running, StartedAt = run.StartedAt ?? time.GetUtcNow(), WakeAt = null };
            if (!await runs.UpdateOwnedRunAsync(state.Run, options.InstanceId, CancellationToken.None))
            {
                return;
            }

            signals.Publish(state, state.Run, null, 0, RunStatuses.Running, null);
        }

        using var activity = FlowsDiagnostics.ActivitySource.StartActivity("flow.run");
        activity?.SetTag("mcpgw.run_id", run.Id);
        activity?.SetTag("mcpgw.flow", run.FlowName);
        activity?.SetTag("mcpgw.flow_version", run.Version);
        // A run timer cannot wait past about 49 days; a run due later than the ceiling is caught by the check after each pass.
        using var timeout = state.Run.TimeoutAt is { } at && at - time.GetUtcNow() <= FlowEngineDefaults.MaxRunDurationCeiling
            ? new CancellationTokenSource(Max(at - time.GetUtcNow(), TimeSpan.Zero), time)
            : null;
        using var timeoutLink = timeout?.Token.Register(active.Cancel.Cancel);
        var result = await pass.ScheduleAsync(state);
        await pass.EndAsync(state, result, _abort.IsCancellationRequested);
    }

    private async Task MaintainAsync()
    {
        var lastRenew = time.GetUtcNow();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastRenew >= options.LeaseDuration / 3)
                {
                    lastRenew = now;
                    await HeartbeatAsync(now);
                }

                var room = options.MaxConcurrentRuns * 2 - queue.Count;
                if (room > 0)
                {
                    foreach (var run in await runs.ListRunnableAsync(now, room, _stop.Token))
                    {
                        queue.Enqueue(run.Id);
                    }
                }

                await Task.Delay(options.PollInterval, time, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PollFailed(logger, ex);
                await Task.Delay(options.PollInterval, time, CancellationToken.None);
            }
        }
    }

    private async Task HeartbeatAsync(DateTimeOffset now)
    {
        var active = queue.ActiveRuns();
        if (active.Count == 0)
        {
            return;
        }

        await runs.RenewLeasesAsync(options.InstanceId, active.Select(a => a.Id).ToArray(), now + options.LeaseDuration, _stop.Token);
        foreach (var (id, run) in active)
        {
            // Cancel and pause requests made on another replica reach the run here.
            if (await runs.GetRunAsync(id, _stop.Token) is not { } stored)
            {
                continue;
            }

            if (stored.CancelRequested)
            {
                await run.Cancel.CancelAsync();
            }

            if (run.State is { } state)
            {
                state.PauseReason = stored.PauseReason;
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
