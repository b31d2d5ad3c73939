using System.Collections.Concurrent;
using System.Threading.Channels;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Approvals;
using McpGateway.Policy.Stages.Approval;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Executes runs durably: each node's result is committed before its successors start; runs are claimed with leases,
/// resumed after a crash from their last committed node, and bounded by an engine-wide concurrency limit.
/// </summary>
public sealed partial class FlowEngine : IAsyncDisposable
{
    private readonly IFlowStore _flows;
    private readonly IRunStore _runs;
    private readonly IApprovalStore _approvals;
    private readonly IFlowToolInvoker _tools;
    private readonly FlowEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FlowEngine> _logger;
    private readonly ApprovalService? _approvalService;
    private readonly FlowDefinitionCache _definitions;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly Lock _activeGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _started;

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
        _approvals = approvals;
        _tools = tools;
        _options = options;
        _time = time;
        _logger = logger;
        _approvalService = approvalService;
        _definitions = new FlowDefinitionCache(options.Limits);
        if (approvalService is not null)
        {
            approvalService.Decided += OnApprovalDecided;
        }
    }

    /// <summary>Raised for every node and run status change (from the executing thread; handlers must be quick).</summary>
    public event Action<RunEvent>? RunChanged;

    /// <summary>Starts the workers and the poller that picks up runnable runs (also those a crash left behind).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return Task.CompletedTask;
        }

        _started = true;
        for (var i = 0; i < Math.Max(1, _options.MaxConcurrentRuns); i++)
        {
            _loops.Add(Task.Run(WorkAsync, CancellationToken.None));
        }

        _loops.Add(Task.Run(MaintainAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Stops taking work; running nodes may finish within <paramref name="grace"/>, the rest stays resumable.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _queue.Writer.TryComplete();
        var all = Task.WhenAll(_loops);
        if (await Task.WhenAny(all, Task.Delay(grace, _time, cancellationToken)) != all)
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

    /// <summary>Continues the runs whose nodes wait on this approval (subscribe it to <see cref="ApprovalService.Decided"/>).</summary>
    public void OnApprovalDecided(ApprovalRecord approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        _ = ResumeWaitingOnAsync(approval.Id);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_approvalService is not null)
        {
            _approvalService.Decided -= OnApprovalDecided;
        }

        await StopAsync(TimeSpan.Zero, CancellationToken.None);
        _stop.Dispose();
        _abort.Dispose();
    }

    private async Task ResumeWaitingOnAsync(string approvalId)
    {
        try
        {
            foreach (var node in await _runs.FindNodesByApprovalAsync(approvalId, CancellationToken.None))
            {
                Enqueue(node.RunId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The poller rechecks waiting runs every RecheckInterval, so a lost wake-up only delays the run.
            Log.WakeFailed(_logger, approvalId, ex);
        }
    }

    /// <summary>Queues a run for a worker; a run executing here is run once more after its current pass.</summary>
    private void Enqueue(string runId)
    {
        lock (_activeGate)
        {
            if (_active.TryGetValue(runId, out var active))
            {
                active.Again = true;
                return;
            }
        }

        if (_stop.IsCancellationRequested || _queued.Count >= _options.MaxQueuedRuns || !_queued.TryAdd(runId, 0))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(runId))
        {
            _queued.TryRemove(runId, out _);
        }
    }

    private async Task WorkAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                while (!_stop.IsCancellationRequested && _queue.Reader.TryRead(out var runId))
                {
                    _queued.TryRemove(runId, out _);
                    await ExecuteAsync(runId);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private void Signal(FlowRun run, string? stepKey, int iteration, string status, string? message)
    {
        int? total = null;
        var completed = 0;
        lock (_activeGate)
        {
            if (_active.TryGetValue(run.Id, out var active) && active.State is { } state)
            {
                completed = state.Completed;
                total = state.KnownNodes;
            }
        }

        total ??= _definitions.TryGetCached(run.FlowId, run.Version)?.Steps.Count ?? 0;

        try
        {
            RunChanged?.Invoke(new RunEvent(run.Id, stepKey, iteration, status, completed, total.Value, message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HandlerFailed(_logger, run.Id, ex);
        }

        if (stepKey is null)
        {
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>A run executing on this engine.</summary>
    private sealed class ActiveRun(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public RunState? State { get; set; }

        public bool Again { get; set; }
    }
}
