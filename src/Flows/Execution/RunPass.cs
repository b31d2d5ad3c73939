using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution.Steps;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// One pass over a claimed run: starts every ready step (independent ones concurrently) through its executor until
/// nothing more can start, then ends the run, or pauses it until its earliest wake time.
/// </summary>
internal sealed class RunPass(IRunStore runs, FlowEngineOptions options, TimeProvider time, StepExecutors steps, NodeWriter writer,
    RunFinisher finisher, RunSignals signals)
{
    /// <summary>Starts every ready step until nothing more can start in this pass.</summary>
    public async Task<PassResult> ScheduleAsync(RunState state)
    {
        var running = new Dictionary<string, Task<StepOutcome>>(StringComparer.Ordinal);
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        var result = new PassResult();
        var blocker = state.Flow.Steps.FirstOrDefault(s => state.Node(s.Key, 0) is { Status: NodeStatuses.Failed } && !s.ContinueOnError);
        if (blocker is not null)
        {
            result.Failure = $"step '{blocker.Key}' failed: {state.Node(blocker.Key, 0)!.Error}";
        }

        while (true)
        {
            // A pause stops only what would start next: steps in flight finish and commit.
            if (result.Failure is null && !result.Canceled && !state.CancellationToken.IsCancellationRequested && !TimedOut(state) && state.PauseReason is null)
            {
                foreach (var step in state.Flow.Steps)
                {
                    if (state.InScope(step) && !running.ContainsKey(step.Key) && !waiting.Contains(step.Key) &&
                        !(state.Node(step.Key, 0) is { } n && NodeStatuses.IsFinished(n.Status)) && state.PredecessorsFinished(step))
                    {
                        running[step.Key] = RunStepAsync(state, step);
                    }
                }
            }

            if (running.Count == 0)
            {
                return result;
            }

            var done = await Task.WhenAny(running.Values);
            var key = running.First(p => p.Value == done).Key;
            running.Remove(key);
            StepOutcome outcome;
            try
            {
                outcome = await done;
            }
            catch (OperationCanceledException) when (state.CancellationToken.IsCancellationRequested)
            {
                result.Canceled = true;
                continue;
            }

            // A pause asked on another replica reaches this pass before its next step starts, not only at the next
            // heartbeat: one read of the run per finished step.
            if (await runs.GetRunAsync(state.Run.Id, CancellationToken.None) is { } stored)
            {
                state.PauseReason = stored.PauseReason;
            }

            switch (outcome.Kind)
            {
                case StepOutcomeKind.Paused:
                    waiting.Add(key);
                    result.Wake = WakeTimes.Earliest(result.Wake, outcome.WakeAt ?? time.GetUtcNow() + options.RecheckInterval);
                    break;
                case StepOutcomeKind.Failed:
                    result.Failure ??= $"step '{key}' failed: {outcome.Error}";
                    break;
            }

            result.Paused = waiting.Count > 0;
        }
    }

    /// <summary>Ends the run after a pass (timed out, canceled, failed, succeeded) or pauses it; nothing when the engine is stopping.</summary>
    public async Task EndAsync(RunState state, PassResult pass, bool stopping)
    {
        var run = state.Run;
        if (stopping)
        {
            return; // engine stopping: the run stays RUNNING with its committed nodes and resumes on the next start
        }

        if (TimedOut(state))
        {
            await finisher.AbandonNodesAsync(state, "the run timed out");
            var why = state.Flow.Timeout is { } own && own <= options.Limits.MaxRunDuration
                ? $"its timeout ({Durations.Format(own)})"
                : $"the longest a run may take ({Durations.Format(options.Limits.MaxRunDuration)}, the gateway's max_run_duration)";
            await finisher.FinishAsync(state, run, RunStatuses.Timeout, $"The run passed {why}.", null);
        }
        else if (pass.Canceled || state.CancellationToken.IsCancellationRequested)
        {
            await finisher.AbandonNodesAsync(state, "canceled");
            await finisher.FinishAsync(state, run, RunStatuses.Canceled, "The run was canceled.", null);
        }
        else if (pass.Failure is { } failure)
        {
            await finisher.FinishAsync(state, run, RunStatuses.Failed, failure, null);
        }
        else if (state.Flow.Steps.Where(state.InScope).All(s => state.Node(s.Key, 0) is { } n && NodeStatuses.IsFinished(n.Status)))
        {
            JsonNode? output;
            if (run.ToStep is { } to)
            {
                // A run to a step ends with that step: the rest is marked not run, and its output is the run's.
                await SkipOutOfScopeAsync(state, to);
                output = state.Node(to, 0)?.Output?.DeepClone();
            }
            else
            {
                output = state.Flow.Output?.Render(state.Variables());
            }

            await finisher.FinishAsync(state, run, RunStatuses.Succeeded, null, output);
        }
        else if (state.PauseReason is { } reason)
        {
            // Rechecked every RecheckInterval as well as woken by a resume, so a resume that raced this write is not lost.
            var wake = WakeTimes.Earliest(time.GetUtcNow() + options.RecheckInterval, run.TimeoutAt);
            state.Run = run with { Status = RunStatuses.Paused, WakeAt = wake, PauseReason = reason };
            if (await runs.UpdateOwnedRunAsync(state.Run, options.InstanceId, CancellationToken.None))
            {
                signals.Publish(state, state.Run, null, 0, RunStatuses.Paused, reason);
            }
        }
        else
        {
            var wake = WakeTimes.Earliest(pass.Wake ?? time.GetUtcNow() + options.RecheckInterval, run.TimeoutAt);
            state.Run = run with { Status = RunStatuses.Paused, WakeAt = wake };
            if (await runs.UpdateOwnedRunAsync(state.Run, options.InstanceId, CancellationToken.None))
            {
                signals.Publish(state, state.Run, null, 0, RunStatuses.Paused, null);
            }
        }
    }

    /// <summary>Runs (or resumes) a step's node: dead-path and <c>when</c> skips first, then the step's executor.</summary>
    private async Task<StepOutcome> RunStepAsync(RunState state, FlowStep step)
    {
        await Task.Yield();
        StepOutcome outcome;
        try
        {
            outcome = await RunStepCoreAsync(state, step);
        }
        catch (RegexMatchTimeoutException ex)
        {
            // A 'matches' test over hostile input ran too long: this step's failure, not the engine's.
            outcome = await writer.FailAsync(state, NodeWriter.Fresh(state, step.Key, 0, state.Node(step.Key, 0)), $"a condition or template took too long: {ex.Message}");
        }

        return outcome.Kind == StepOutcomeKind.Failed && step.ContinueOnError ? StepOutcome.Finished : outcome;
    }

    private async Task<StepOutcome> RunStepCoreAsync(RunState state, FlowStep step)
    {
        var node = state.Node(step.Key, 0);
        if (node is null || node.Status == NodeStatuses.Pending)
        {
            if (state.IsDead(step))
            {
                return await SkipAsync(state, step, node, RunState.DeadPath);
            }

            if (step.When is { } when && !when.Evaluate(state.Variables()))
            {
                return await SkipAsync(state, step, node, $"when was false: {when.Text}");
            }
        }

        return await steps.For(step).ExecuteAsync(state, step, 0, node, state.Variables());
    }

    private async Task<StepOutcome> SkipAsync(RunState state, FlowStep step, NodeExecution? node, string reason)
    {
        var now = time.GetUtcNow();
        await writer.CommitAsync(state, NodeWriter.Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Skipped, Error = reason, StartedAt = now, FinishedAt = now });
        return StepOutcome.Finished;
    }

    private async Task SkipOutOfScopeAsync(RunState state, string to)
    {
        var now = time.GetUtcNow();
        foreach (var step in state.Flow.Steps.Where(s => !state.InScope(s)))
        {
            var node = state.Node(step.Key, 0);
            if (node is null || !NodeStatuses.IsFinished(node.Status))
            {
                await writer.CommitAsync(state, NodeWriter.Fresh(state, step.Key, 0, node) with
                {
                    Status = NodeStatuses.Skipped, Error = $"not run: the run ends at step '{to}'", StartedAt = null, FinishedAt = now,
                });
            }
        }
    }

    private bool TimedOut(RunState state) => state.Run.TimeoutAt is { } at && time.GetUtcNow() >= at;
}
