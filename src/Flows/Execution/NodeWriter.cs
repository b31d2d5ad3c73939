using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Commits node executions of runs this engine holds the lease of (a write refused by the lease fence stops the pass with
/// <see cref="LeaseLostException"/>), and signals each change.
/// </summary>
internal sealed class NodeWriter(IRunStore runs, FlowEngineOptions options, TimeProvider time, RunSignals signals)
{
    public async Task CommitAsync(RunState state, NodeExecution node)
    {
        if (!await runs.SaveOwnedNodeAsync(node, options.InstanceId, CancellationToken.None))
        {
            throw LeaseLostException.For(node.RunId);
        }

        state.Set(node);
        if (NodeStatuses.IsFinished(node.Status))
        {
            FlowsDiagnostics.NodesFinished.Add(1, new KeyValuePair<string, object?>("status", node.Status));
        }

        signals.Publish(state, state.Run, node.StepKey, node.Iteration, node.Status, node.Error);
    }

    /// <summary>Commits the node FAILED with <paramref name="error"/>.</summary>
    public async Task<StepOutcome> FailAsync(RunState state, NodeExecution node, string error)
    {
        await CommitAsync(state, node with { Status = NodeStatuses.Failed, Error = error, FinishedAt = time.GetUtcNow() });
        return StepOutcome.Failed(error);
    }

    /// <summary>The node to write: the existing one (kept: attempts, start) or a new one.</summary>
    public static NodeExecution Fresh(RunState state, string key, int iteration, NodeExecution? node) =>
        node ?? new NodeExecution { RunId = state.Run.Id, StepKey = key, Iteration = iteration };
}
