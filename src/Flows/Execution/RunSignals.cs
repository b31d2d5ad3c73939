using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

/// <summary>Tells <see cref="FlowEngine.RunChanged"/> handlers and in-process waiters that a node or a run changed.</summary>
internal sealed partial class RunSignals(FlowDefinitionCache definitions, ILogger logger)
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised for every node and run status change (from the executing thread; handlers must be quick).</summary>
    public event Action<RunEvent>? RunChanged;

    /// <summary>Completes at the next run status change (take it before reading the store, then wait on it).</summary>
    public Task NextRunChange => Volatile.Read(ref _changed).Task;

    /// <summary>
    /// Publishes a change of <paramref name="run"/> (or of its node <paramref name="stepKey"/>); progress counts come from
    /// <paramref name="state"/> when the run executes here, else from its definition.
    /// </summary>
    public void Publish(RunState? state, FlowRun run, string? stepKey, int iteration, string status, string? message)
    {
        var completed = state?.Completed ?? 0;
        var total = state?.KnownNodes ?? definitions.TryGetCached(run.FlowId, run.Version)?.Steps.Count ?? 0;
        try
        {
            RunChanged?.Invoke(new RunEvent(run.Id, stepKey, iteration, status, completed, total, message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HandlerFailed(logger, run.Id, ex);
        }

        if (stepKey is null)
        {
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Warning, "A RunChanged handler failed for run {RunId}")]
        public static partial void HandlerFailed(ILogger logger, string runId, Exception exception);
    }
}
