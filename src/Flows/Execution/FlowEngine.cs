using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Executes runs durably: each node's result is committed before its successors start; runs are claimed with leases,
/// resumed after a crash from their last committed node, and bounded by an engine-wide concurrency limit.
/// </summary>
public sealed class FlowEngine : IAsyncDisposable
{
    /// <summary>Raised for every node and run status change (from the executing thread; handlers must be quick).</summary>
#pragma warning disable CS0067 // contract stub: implemented in the next commit
    public event Action<RunEvent>? RunChanged;
#pragma warning restore CS0067

    /// <summary>Starts the workers and the poller that picks up runnable runs (also those a crash left behind).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stops taking work; running nodes may finish within <paramref name="grace"/>, the rest stays resumable.</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Creates a run (or finds the deduplicated one) and queues it; returns at once.</summary>
    public Task<RunStartResult> StartRunAsync(RunStart start, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Waits until the run is terminal or PAUSED, and returns it.</summary>
    public Task<FlowRun> WaitAsync(string runId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>A run with its nodes, or null.</summary>
    public Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Cancels a run (a call in flight is cancelled too); a conflict when it is already terminal.</summary>
    public Task<FlowResult<FlowRun>> CancelAsync(string runId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Retries a FAILED, TIMEOUT or CANCELED run.</summary>
    public Task<RunStartResult> RetryAsync(string runId, RetryMode mode, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
