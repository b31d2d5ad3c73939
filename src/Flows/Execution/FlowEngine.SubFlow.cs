using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    /// <summary>
    /// A flow step: starts a child run (deduplicated per parent node, so a resume never starts a second one) and pauses
    /// until the child is terminal; the child wakes its parent when it ends. No worker waits on a child.
    /// </summary>
    private async Task<StepOutcome> SubFlowAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = _time.GetUtcNow();
        if (node?.ChildRunId is not { } childId)
        {
            var inputs = step.Inputs?.Render(variables) as JsonObject ?? [];
            var parentStep = iteration == 0 ? step.Key : string.Create(CultureInfo.InvariantCulture, $"{step.Key}#{iteration}");
            var start = new RunStart
            {
                Flow = step.Flow!,
                Version = step.FlowVersion,
                // A test run's sub-runs are test runs too (a disabled child can be tried); otherwise derived from the version.
                Environment = state.Run.Environment == RunEnvironments.Testing ? RunEnvironments.Testing : null,
                Origin = RunOrigins.Flow,
                Inputs = inputs,
                DedupKey = $"parent:{state.Run.Id}:{parentStep}",
            };
            node = Fresh(state, step.Key, iteration, node) with { Status = NodeStatuses.Running, Input = inputs.DeepClone(), StartedAt = now, Attempts = 1 };
            var started = await StartCoreAsync(start, state.Run.KeyId, state.Run.Agent, state.Run.Id, parentStep, CancellationToken.None);
            if (started.Run is null)
            {
                return await FailAsync(state, node, $"the sub-flow '{step.Flow}' did not start: {started.Error?.Message}" +
                    (started.Error?.Errors is { Count: > 0 } errors ? " " + string.Join("; ", errors) : ""));
            }

            childId = started.Run.Id;
            node = node with { Status = NodeStatuses.Paused, ChildRunId = childId };
            await CommitAsync(state, node);
        }

        var child = await _runs.GetRunAsync(childId, CancellationToken.None);
        switch (child?.Status)
        {
            case null:
                return await FailAsync(state, node, $"the sub-run {childId} is gone");
            case RunStatuses.Succeeded:
                await CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = child.Outputs?.DeepClone(), FinishedAt = now });
                return StepOutcome.Finished;
            case var s when RunStatuses.IsTerminal(s):
                return await FailAsync(state, node, $"the sub-run {childId} ended {s}: {child.Error}");
            default:
                if (node.Status != NodeStatuses.Paused)
                {
                    node = node with { Status = NodeStatuses.Paused };
                    await CommitAsync(state, node);
                }

                return StepOutcome.Paused(now + _options.RecheckInterval);
        }
    }

    /// <summary>
    /// A loop: items rendered once and kept on the aggregate node (iteration 0); each item is its own node (1..n), run
    /// with the step's concurrency; a resume redoes only unfinished iterations.
    /// </summary>
    private async Task<StepOutcome> LoopAsync(RunState state, FlowStep step, NodeExecution? node)
    {
        var now = _time.GetUtcNow();
        var maxItems = _options.Limits.MaxLoopItems;
        if (node is null or { Status: NodeStatuses.Pending } || node.Input is not JsonArray)
        {
            var rendered = step.Items?.Render(state.Variables());
            node = Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Running, StartedAt = now, Attempts = 1 };
            if (rendered is not JsonArray list)
            {
                return await FailAsync(state, node, $"items gave {Excerpt(rendered)}, not a list");
            }

            if (list.Count > maxItems)
            {
                // Failed before any iteration, and without keeping the items: a loop over too many costs nothing more.
                return await FailAsync(state, node, TooManyItems(list.Count, maxItems));
            }

            node = node with { Input = list.DeepClone() };
            await CommitAsync(state, node);
        }

        var items = (JsonArray)node.Input!;
        if (items.Count > maxItems)
        {
            // Rendered before the limit was lowered (or by an older build): no more iterations run.
            return await FailAsync(state, node, TooManyItems(items.Count, maxItems));
        }
        var outcomes = new StepOutcome[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = step.Concurrency, CancellationToken = state.CancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(1, items.Count), options, async (i, _) =>
        {
            var existing = state.Node(step.Key, i);
            outcomes[i - 1] = existing is { Status: NodeStatuses.Succeeded }
                ? StepOutcome.Finished
                : await BodyAsync(state, step.Do!, i, existing, state.Variables(items[i - 1], i - 1));
        });

        var failed = Array.FindIndex(outcomes, o => o.Kind == StepOutcomeKind.Failed);
        if (failed >= 0)
        {
            return await FailAsync(state, node, $"iteration {failed + 1} failed: {outcomes[failed].Error}");
        }

        if (outcomes.Any(o => o.Kind == StepOutcomeKind.Paused))
        {
            return StepOutcome.Paused(outcomes.Where(o => o.Kind == StepOutcomeKind.Paused).Min(o => o.WakeAt));
        }

        var output = new JsonArray(Enumerable.Range(1, items.Count).Select(i => state.Node(step.Key, i)?.Output?.DeepClone()).ToArray());
        await CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = output, FinishedAt = _time.GetUtcNow() });
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
