using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution.Steps;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

/// <summary>
/// The run API: start, wait for, get, cancel and retry runs. Runs execute durably in the <see cref="RunScheduler"/>
/// (claimed with leases, resumed after a crash from their last committed node, bounded by an engine-wide concurrency
/// limit), one step at a time through the executor of its type.
/// </summary>
public sealed class FlowEngine : IAsyncDisposable
{
    private readonly IFlowStore _flows;
    private readonly IRunStore _runs;
    private readonly FlowDefinitionCache _definitions;
    private readonly FlowEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ApprovalService? _approvalService;
    private readonly RunQueue _queue;
    private readonly RunSignals _signals;
    private readonly RunLauncher _launcher;
    private readonly RunRetrier _retrier;
    private readonly RunScheduler _scheduler;

    /// <summary>Creates the engine; call <see cref="StartAsync"/> to begin executing.</summary>
    /// <param name="flows">Flows and versions.</param>
    /// <param name="runs">Runs and node executions.</param>
    /// <param name="approvals">Approvals of approval steps, and of tool calls frozen for approval.</param>
    /// <param name="tools">Calls tools for tool steps.</param>
    /// <param name="options">Settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="approvalService">When given, runs waiting on an approval continue as soon as it is decided here.</param>
    public FlowEngine(IFlowStore flows, IRunStore runs, IApprovalStore approvals, IFlowToolInvoker tools, FlowEngineOptions options,
        TimeProvider time, ILogger<FlowEngine> logger, ApprovalService? approvalService = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _flows = flows;
        _runs = runs;
        _options = options;
        _time = time;
        _approvalService = approvalService;
        var definitions = new FlowDefinitionCache(options.Limits);
        _definitions = definitions;
        _queue = new RunQueue(options);
        _signals = new RunSignals(definitions, logger);
        _launcher = new RunLauncher(flows, runs, definitions, options, time, _queue, _signals);
        _retrier = new RunRetrier(flows, runs, definitions, time, _queue, _signals, _launcher);
        var writer = new NodeWriter(runs, options, time, _signals);
        var finisher = new RunFinisher(runs, options, time, _queue, _signals, writer, logger);
        var steps = new StepExecutors(runs, approvals, tools, options, time, writer, _launcher);
        var pass = new RunPass(runs, options, time, steps, writer, finisher, _signals);
        _scheduler = new RunScheduler(flows, runs, definitions, options, time, _queue, _signals, pass, finisher, logger);
        if (approvalService is not null)
        {
            approvalService.Decided += OnApprovalDecided;
        }
    }

    /// <summary>Raised for every node and run status change (from the executing thread; handlers must be quick).</summary>
    public event Action<RunEvent>? RunChanged
    {
        add => _signals.RunChanged += value;
        remove => _signals.RunChanged -= value;
    }

    /// <summary>Starts the workers and the poller that picks up runnable runs (also those a crash left behind).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler.Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops taking work; running nodes may finish within <paramref name="grace"/>, the rest stays resumable.</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken cancellationToken) => _scheduler.StopAsync(grace, cancellationToken);

    /// <summary>Continues the runs whose nodes wait on this approval (subscribe it to <see cref="ApprovalService.Decided"/>).</summary>
    public void OnApprovalDecided(ApprovalRecord approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        _ = _scheduler.ResumeWaitingOnAsync(approval.Id);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_approvalService is not null)
        {
            _approvalService.Decided -= OnApprovalDecided;
        }

        await StopAsync(TimeSpan.Zero, CancellationToken.None);
        _scheduler.Dispose();
    }

    /// <summary>Creates a run (or finds the deduplicated one) and queues it; returns at once.</summary>
    public Task<RunStartResult> StartRunAsync(RunStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return _launcher.StartAsync(start, start.Key?.Id, start.Key?.Agent ?? start.Agent, null, null, cancellationToken);
    }

    /// <summary>
    /// Waits until the run is terminal, or paused on something a caller should not wait for: a pause by a caller, an
    /// approval (in it or in a sub-run), or a delay ending later than <see cref="FlowEngineOptions.WaitThroughPause"/>. Shorter delays and
    /// sub-runs are waited through, so a sync start of a flow with a 5 s delay answers with the outputs.
    /// </summary>
    public async Task<FlowRun> WaitAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = _signals.NextRunChange;
            var run = await _runs.GetRunAsync(runId, cancellationToken) ?? throw new KeyNotFoundException($"No run '{runId}'.");
            // Paused by a caller: nothing happens until someone resumes it, so a waiting caller is answered now.
            if (RunStatuses.IsTerminal(run.Status) ||
                (run.Status == RunStatuses.Paused && (run.PauseReason is not null || await PausedForLongAsync(run, 0, cancellationToken))))
            {
                return run;
            }

            // In-process signal, with store polling as the fallback for runs executing on another replica.
            await Task.WhenAny(changed, Task.Delay(_options.PollInterval, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A run with its nodes and its usage (tool calls, attempts, time per step and connector), or null.</summary>
    public async Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var nodes = await _runs.ListNodesAsync(runId, cancellationToken);
        var version = _definitions.TryGetCached(run.FlowId, run.Version) is { } cached
            ? cached
            : await _flows.GetVersionAsync(run.FlowId, run.Version, cancellationToken) is { } stored ? _definitions.Get(stored).Flow : null;
        return new RunDetails(run, nodes) { Usage = version is null ? null : RunUsageCounter.Count(run, nodes, version, _time.GetUtcNow()) };
    }

    /// <summary>Cancels a run (a call in flight is cancelled too); a conflict when it is already terminal.</summary>
    public async Task<FlowResult<FlowRun>> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (!await _runs.RequestCancelAsync(runId, cancellationToken))
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.Conflict, $"Run {runId} is already {run.Status}.");
        }

        if (_queue.Active(runId) is { } active)
        {
            await active.Cancel.CancelAsync();
        }
        else
        {
            _queue.Enqueue(runId);
        }

        return FlowResult.Success(run with { CancelRequested = true });
    }

    /// <summary>
    /// Pauses a run: no new step starts (steps in flight finish and commit), then it is PAUSED with the reason
    /// <c>paused by {by}</c> until <see cref="ResumeAsync"/>. Durable: whichever replica holds the run honours it (at its
    /// next heartbeat). A conflict when the run has ended, is already pausing or is being cancelled.
    /// </summary>
    public async Task<FlowResult<FlowRun>> PauseAsync(string runId, string by, CancellationToken cancellationToken)
    {
        var reason = $"paused by {by}";
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (!await _runs.RequestPauseAsync(runId, reason, cancellationToken))
        {
            var now = await _runs.GetRunAsync(runId, cancellationToken) ?? run;
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.Conflict, now.PauseReason is { } already
                ? $"Run {runId} is already {already}."
                : $"Run {runId} is {now.Status}{(now.CancelRequested ? " and being canceled" : "")}; only a PENDING, RUNNING or PAUSED run is paused.");
        }

        if (_queue.Active(runId)?.State is { } state)
        {
            state.PauseReason = reason;
        }
        else
        {
            _queue.Enqueue(runId); // a run nobody executes is marked PAUSED by the next pass
        }

        return FlowResult.Success(run with { PauseReason = reason });
    }

    /// <summary>Resumes a paused run (or withdraws a pause not yet reached); a conflict when it is not pausing.</summary>
    public async Task<FlowResult<FlowRun>> ResumeAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (!await _runs.ResumeAsync(runId, _time.GetUtcNow(), cancellationToken))
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.Conflict, $"Run {runId} is {run.Status} and not paused; only a paused run is resumed.");
        }

        if (_queue.Active(runId)?.State is { } state)
        {
            state.PauseReason = null;
        }

        _queue.Enqueue(runId);
        var resumed = await _runs.GetRunAsync(runId, cancellationToken) ?? run;
        _signals.Publish(null, resumed, null, 0, resumed.Status, "resumed");
        return FlowResult.Success(resumed);
    }

    /// <summary>
    /// Retries a FAILED, TIMEOUT or CANCELED run as <paramref name="key"/> (null: auth is off): whoever retries becomes
    /// the run's principal, so its tool steps act with the retrier's authority, never with the original starter's.
    /// </summary>
    public Task<RunStartResult> RetryAsync(string runId, RetryMode mode, Policy.Callers.ApiKey? key, string? agent, CancellationToken cancellationToken) =>
        _retrier.RetryAsync(runId, mode, key?.Id, key?.Agent ?? agent, cancellationToken);

    private async Task<bool> PausedForLongAsync(FlowRun run, int depth, CancellationToken cancellationToken)
    {
        if (depth > 8)
        {
            return true;
        }

        var horizon = _time.GetUtcNow() + _options.WaitThroughPause;
        foreach (var node in await _runs.ListNodesAsync(run.Id, cancellationToken))
        {
            if (node.Status != NodeStatuses.Paused)
            {
                continue;
            }

            if (node.ApprovalId is not null || node.WakeAt > horizon)
            {
                return true;
            }

            if (node.ChildRunId is { } childId && await _runs.GetRunAsync(childId, cancellationToken) is { Status: RunStatuses.Paused } child &&
                await PausedForLongAsync(child, depth + 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
