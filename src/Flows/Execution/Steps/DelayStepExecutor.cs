using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>A <c>delay</c> step: pauses the run durably (the node keeps its wake time) for a duration or until a time.</summary>
internal sealed class DelayStepExecutor(NodeWriter writer, TimeProvider time) : IStepExecutor
{
    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = time.GetUtcNow();
        if (node is { Status: NodeStatuses.Paused, WakeAt: { } wake })
        {
            if (now < wake)
            {
                return StepOutcome.Paused(wake);
            }

            await writer.CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = new JsonObject { ["until"] = wake.ToString("o", CultureInfo.InvariantCulture) }, FinishedAt = now });
            return StepOutcome.Finished;
        }

        DateTimeOffset until;
        if (step.Duration is { } duration)
        {
            until = now + duration;
        }
        else if (step.Until?.Render(variables) is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
            DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            until = parsed;
        }
        else
        {
            return await writer.FailAsync(state, NodeWriter.Fresh(state, step.Key, 0, node) with { StartedAt = now }, "until did not give an ISO-8601 time");
        }

        await writer.CommitAsync(state, NodeWriter.Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Paused, StartedAt = now, WakeAt = until, Attempts = 1 });
        return StepOutcome.Paused(until);
    }
}
