using System.Text.Json.Nodes;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

/// <summary>Ends runs this engine holds: abandons their unfinished nodes, writes the final status, wakes a parent run.</summary>
internal sealed partial class RunFinisher(IRunStore runs, FlowEngineOptions options, TimeProvider time, RunQueue queue, RunSignals signals,
    NodeWriter writer, ILogger logger)
{
    /// <summary>Fails the run's unfinished nodes with <paramref name="reason"/> and asks their sub-runs to cancel.</summary>
    public async Task AbandonNodesAsync(RunState state, string reason)
    {
        foreach (var node in state.Snapshot().Where(n => n.Status is NodeStatuses.Running or NodeStatuses.Paused or NodeStatuses.Pending))
        {
            await writer.CommitAsync(state, node with { Status = NodeStatuses.Failed, Error = reason, FinishedAt = time.GetUtcNow() });
            if (node.ChildRunId is { } child && await runs.RequestCancelAsync(child, CancellationToken.None))
            {
                queue.Enqueue(child);
            }
        }
    }

    public async Task FinishAsync(RunState? state, FlowRun run, string status, string? error, JsonNode? outputs)
    {
        var finished = run with { Status = status, Error = error, Outputs = outputs, FinishedAt = time.GetUtcNow(), WakeAt = null };
        if (!await runs.UpdateOwnedRunAsync(finished, options.InstanceId, CancellationToken.None))
        {
            return;
        }

        Log.RunFinished(logger, run.Id, status);
        FlowsDiagnostics.RunsFinished.Add(1, new KeyValuePair<string, object?>("status", status));
        signals.Publish(state, finished, null, 0, status, error);
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
            await runs.WakeRunAsync(parentRunId, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ParentWakeFailed(logger, parentRunId, childRunId, ex);
        }

        queue.Enqueue(parentRunId);
    }

    private static partial class Log
    {
        [LoggerMessage(5, LogLevel.Information, "Run {RunId} {Status}")]
        public static partial void RunFinished(ILogger logger, string runId, string status);

        [LoggerMessage(6, LogLevel.Warning, "Waking the parent run {ParentRunId} of {RunId} failed; it rechecks later")]
        public static partial void ParentWakeFailed(ILogger logger, string parentRunId, string runId, Exception exception);
    }
}
