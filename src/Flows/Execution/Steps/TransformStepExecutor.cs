using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>A <c>transform</c> step: renders its value as its output.</summary>
internal sealed class TransformStepExecutor(NodeWriter writer, TimeProvider time) : IStepExecutor
{
    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var output = step.Value?.Render(variables);
        var now = time.GetUtcNow();
        await writer.CommitAsync(state, NodeWriter.Fresh(state, step.Key, iteration, node) with
        {
            Status = NodeStatuses.Succeeded, Output = output, Attempts = 1, StartedAt = now, FinishedAt = now,
        });
        return StepOutcome.Finished;
    }
}
