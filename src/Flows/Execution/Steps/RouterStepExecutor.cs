using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>A <c>router</c> step: takes the first (or every) matching route's successors, else the default; its output names them.</summary>
internal sealed class RouterStepExecutor(NodeWriter writer, TimeProvider time) : IStepExecutor
{
    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var taken = new List<string>();
        foreach (var route in step.Routes)
        {
            if (route.When.Evaluate(variables))
            {
                taken.AddRange(route.Next.Where(n => !taken.Contains(n)));
                if (!step.RouteAll)
                {
                    break;
                }
            }
        }

        if (taken.Count == 0)
        {
            taken.AddRange(step.Default);
        }

        var now = time.GetUtcNow();
        await writer.CommitAsync(state, NodeWriter.Fresh(state, step.Key, 0, node) with
        {
            Status = NodeStatuses.Succeeded,
            Output = new JsonObject { ["taken"] = new JsonArray(taken.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()) },
            Attempts = 1, StartedAt = now, FinishedAt = now,
        });
        return StepOutcome.Finished;
    }
}
