using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// A <c>loop</c> step: items rendered once and kept on the aggregate node (iteration 0); each item is its own node (1..n),
/// run by the body's executor with the step's concurrency; a resume redoes only unfinished iterations.
/// </summary>
internal sealed class LoopStepExecutor(StepExecutors steps, FlowEngineOptions options, TimeProvider time, NodeWriter writer) : IStepExecutor
{
    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = time.GetUtcNow();
        var maxItems = options.Limits.MaxLoopItems;
        if (node is null or { Status: NodeStatuses.Pending } || node.Input is not JsonArray)
        {
            var rendered = step.Items?.Render(variables);
            node = NodeWriter.Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Running, StartedAt = now, Attempts = 1 };
            if (rendered is not JsonArray list)
            {
                return await writer.FailAsync(state, node, $"items gave {Excerpt(rendered)}, not a list");
            }

            if (list.Count > maxItems)
            {
                // Failed before any iteration, and without keeping the items: a loop over too many costs nothing more.
                return await writer.FailAsync(state, node, TooManyItems(list.Count, maxItems));
            }

            node = node with { Input = list.DeepClone() };
            await writer.CommitAsync(state, node);
        }

        var items = (JsonArray)node.Input!;
        if (items.Count > maxItems)
        {
            // Rendered before the limit was lowered (or by an older build): no more iterations run.
            return await writer.FailAsync(state, node, TooManyItems(items.Count, maxItems));
        }

        var body = step.Do!;
        var executor = steps.For(body);
        var outcomes = new StepOutcome[items.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = step.Concurrency, CancellationToken = state.CancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(1, items.Count), parallel, async (i, _) =>
        {
            var existing = state.Node(step.Key, i);
            outcomes[i - 1] = existing is { Status: NodeStatuses.Succeeded }
                ? StepOutcome.Finished
                : await executor.ExecuteAsync(state, body, i, existing, state.Variables(items[i - 1], i - 1));
        });

        var failed = Array.FindIndex(outcomes, o => o.Kind == StepOutcomeKind.Failed);
        if (failed >= 0)
        {
            return await writer.FailAsync(state, node, $"iteration {failed + 1} failed: {outcomes[failed].Error}");
        }

        if (outcomes.Any(o => o.Kind == StepOutcomeKind.Paused))
        {
            return StepOutcome.Paused(outcomes.Where(o => o.Kind == StepOutcomeKind.Paused).Min(o => o.WakeAt));
        }

        var output = new JsonArray(Enumerable.Range(1, items.Count).Select(i => state.Node(step.Key, i)?.Output?.DeepClone()).ToArray());
        await writer.CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = output, FinishedAt = time.GetUtcNow() });
        return StepOutcome.Finished;
    }

    private static string TooManyItems(int count, int max) =>
        $"items gave {count} items; a loop may run over at most {max} (the gateway's max_loop_items)";

    private static string Excerpt(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 80 ? text : $"{text[..80]}… ({text.Length} characters)";
    }
}
