using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Retries a FAILED, TIMEOUT or CANCELED run: from its failed nodes (the same run continues) or as a new run of the
/// latest version. Whoever retries becomes the run's principal.
/// </summary>
internal sealed class RunRetrier(IFlowStore flows, IRunStore runs, FlowDefinitionCache definitions, TimeProvider time,
    RunQueue queue, RunSignals signals, RunLauncher launcher)
{
    public async Task<RunStartResult> RetryAsync(string runId, RetryMode mode, string? keyId, string? agent, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return RunLauncher.Refused(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (run.Status is not (RunStatuses.Failed or RunStatuses.Timeout or RunStatuses.Canceled))
        {
            return RunLauncher.Refused(FlowErrorCodes.Conflict, $"Run {runId} is {run.Status}; only FAILED, TIMEOUT or CANCELED runs are retried.");
        }

        if (mode == RetryMode.LatestVersion)
        {
            var again = new RunStart
            {
                Flow = run.FlowId,
                Version = "latest",
                Origin = run.Origin,
                Inputs = run.Inputs?.DeepClone() as JsonObject,
                Tags = run.Tags,
            };
            return await launcher.StartAsync(again, keyId, agent, run.ParentRunId, run.ParentStep, cancellationToken);
        }

        return await ReopenAsync(run, keyId, agent, cancellationToken);
    }

    private async Task<RunStartResult> ReopenAsync(FlowRun run, string? keyId, string? agent, CancellationToken cancellationToken)
    {
        var version = await flows.GetVersionAsync(run.FlowId, run.Version, cancellationToken);
        var (flow, errors) = version is null ? (null, []) : definitions.Get(version);
        if (flow is null)
        {
            return RunLauncher.Refused(FlowErrorCodes.NotRunnable, $"Version {run.Version} of flow {run.FlowName} is gone or invalid.", errors);
        }

        var nodes = await runs.ListNodesAsync(run.Id, cancellationToken);
        var reset = new HashSet<string>(nodes.Where(n => n.Status is not (NodeStatuses.Succeeded or NodeStatuses.Skipped)).Select(n => n.StepKey), StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            // Everything after a reset step runs again: its skip or failure was decided by what is being redone.
            var more = flow.Incoming.Where(p => !reset.Contains(p.Key) && p.Value.Any(e => reset.Contains(e.From))).Select(p => p.Key).ToList();
            reset.UnionWith(more);
            grew = more.Count > 0;
        }

        // Nodes first, while the run has still ended (no engine executes an ended run): reopened first, a poller could
        // pick the run up in between, find the failed node still there and fail the run again at once. Each reset
        // applies only while the run has ended, so a second retry that lost the race touches nothing.
        foreach (var node in nodes.Where(n => reset.Contains(n.StepKey) && (n.Iteration == 0 || n.Status != NodeStatuses.Succeeded)))
        {
            // Attempts are kept, so a retried tool call uses a fresh idempotency key (attempt n+1), never the failed one's.
            var pending = node with { Status = NodeStatuses.Pending, Output = null, Error = null, FinishedAt = null, ApprovalId = null, ChildRunId = null, WakeAt = null };
            if (!await runs.SaveNodeWhileRunEndedAsync(pending, cancellationToken))
            {
                return RunLauncher.Refused(FlowErrorCodes.Conflict, $"Run {run.Id} changed meanwhile; it was not reopened.");
            }
        }

        var now = time.GetUtcNow();
        if (!await runs.ReopenRunAsync(run.Id, now + launcher.RunTimeout(flow), keyId, agent, cancellationToken))
        {
            return RunLauncher.Refused(FlowErrorCodes.Conflict, $"Run {run.Id} changed meanwhile; it was not reopened.");
        }

        var reopened = await runs.GetRunAsync(run.Id, cancellationToken) ?? run;
        signals.Publish(null, reopened, null, 0, reopened.Status, agent is null ? "retried from failed" : $"retried from failed by {agent}");
        queue.Enqueue(run.Id);
        return new RunStartResult(reopened, false, null);
    }
}
