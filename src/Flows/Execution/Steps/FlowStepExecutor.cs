using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// A <c>flow</c> step: starts a child run (deduplicated per parent node, so a resume never starts a second one) and pauses
/// until the child is terminal; the child wakes its parent when it ends. No worker waits on a child.
/// </summary>
internal sealed class FlowStepExecutor(IRunStore runs, FlowEngineOptions options, TimeProvider time, NodeWriter writer, RunLauncher launcher) : IStepExecutor
{
    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = time.GetUtcNow();
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
                Tags = state.Run.Tags,
            };
            node = NodeWriter.Fresh(state, step.Key, iteration, node) with { Status = NodeStatuses.Running, Input = inputs.DeepClone(), StartedAt = now, Attempts = 1 };
            var started = await launcher.StartAsync(start, state.Run.KeyId, state.Run.Agent, state.Run.Id, parentStep, CancellationToken.None);
            if (started.Run is null)
            {
                return await writer.FailAsync(state, node, $"the sub-flow '{step.Flow}' did not start: {started.Error?.Message}" +
                    (started.Error?.Errors is { Count: > 0 } errors ? " " + string.Join("; ", errors) : ""));
            }

            childId = started.Run.Id;
            node = node with { Status = NodeStatuses.Paused, ChildRunId = childId };
            await writer.CommitAsync(state, node);
        }

        var child = await runs.GetRunAsync(childId, CancellationToken.None);
        switch (child?.Status)
        {
            case null:
                return await writer.FailAsync(state, node, $"the sub-run {childId} is gone");
            case RunStatuses.Succeeded:
                await writer.CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = child.Outputs?.DeepClone(), FinishedAt = now });
                return StepOutcome.Finished;
            case var s when RunStatuses.IsTerminal(s) && !step.FailParentOnFailure:
                // The parent goes on, with the child's end as this step's output for later steps to look at.
                var failure = new JsonObject { ["failed"] = true, ["run_id"] = childId, ["status"] = s, ["error"] = child.Error };
                await writer.CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = failure, FinishedAt = now });
                return StepOutcome.Finished;
            case var s when RunStatuses.IsTerminal(s):
                return await writer.FailAsync(state, node, $"the sub-run {childId} ended {s}: {child.Error}");
            default:
                if (node.Status != NodeStatuses.Paused)
                {
                    node = node with { Status = NodeStatuses.Paused };
                    await writer.CommitAsync(state, node);
                }

                return StepOutcome.Paused(now + options.RecheckInterval);
        }
    }
}
