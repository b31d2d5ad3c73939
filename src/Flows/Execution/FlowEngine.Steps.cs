using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Approvals;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    /// <summary>A flow approval claimed (deciding) this long ago was left by an approver's gateway that stopped mid-decision.</summary>
    private static readonly TimeSpan StuckDecision = TimeSpan.FromMinutes(1);

    /// <summary>Runs (or resumes) a step's node: dead-path and <c>when</c> skips first, then the step's type.</summary>
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
            outcome = await FailAsync(state, Fresh(state, step.Key, 0, state.Node(step.Key, 0)), $"a condition or template took too long: {ex.Message}");
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

        return step.Type switch
        {
            StepTypes.Router => await RouterAsync(state, step, node),
            StepTypes.Loop => await LoopAsync(state, step, node),
            StepTypes.Approval => await ApprovalAsync(state, step, node),
            StepTypes.Delay => await DelayAsync(state, step, node),
            _ => await BodyAsync(state, step, 0, node, state.Variables()),
        };
    }

    /// <summary>A tool, transform or flow step, at top level (iteration 0) or as a loop iteration.</summary>
    private Task<StepOutcome> BodyAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables) => step.Type switch
    {
        StepTypes.Tool => ToolAsync(state, step, iteration, node, variables),
        StepTypes.Flow => SubFlowAsync(state, step, iteration, node, variables),
        _ => TransformAsync(state, step, iteration, node, variables),
    };

    private async Task<StepOutcome> SkipAsync(RunState state, FlowStep step, NodeExecution? node, string reason)
    {
        var now = _time.GetUtcNow();
        await CommitAsync(state, Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Skipped, Error = reason, StartedAt = now, FinishedAt = now });
        return StepOutcome.Finished;
    }

    private async Task<StepOutcome> TransformAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var output = step.Value?.Render(variables);
        var now = _time.GetUtcNow();
        await CommitAsync(state, Fresh(state, step.Key, iteration, node) with
        {
            Status = NodeStatuses.Succeeded, Output = output, Attempts = 1, StartedAt = now, FinishedAt = now,
        });
        return StepOutcome.Finished;
    }

    private async Task<StepOutcome> RouterAsync(RunState state, FlowStep step, NodeExecution? node)
    {
        var variables = state.Variables();
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

        var now = _time.GetUtcNow();
        await CommitAsync(state, Fresh(state, step.Key, 0, node) with
        {
            Status = NodeStatuses.Succeeded,
            Output = new JsonObject { ["taken"] = new JsonArray(taken.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()) },
            Attempts = 1, StartedAt = now, FinishedAt = now,
        });
        return StepOutcome.Finished;
    }

    private async Task<StepOutcome> DelayAsync(RunState state, FlowStep step, NodeExecution? node)
    {
        var now = _time.GetUtcNow();
        if (node is { Status: NodeStatuses.Paused, WakeAt: { } wake })
        {
            if (now < wake)
            {
                return StepOutcome.Paused(wake);
            }

            await CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = new JsonObject { ["until"] = wake.ToString("o", CultureInfo.InvariantCulture) }, FinishedAt = now });
            return StepOutcome.Finished;
        }

        DateTimeOffset until;
        if (step.Duration is { } duration)
        {
            until = now + duration;
        }
        else if (step.Until?.Render(state.Variables()) is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
            DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            until = parsed;
        }
        else
        {
            return await FailAsync(state, Fresh(state, step.Key, 0, node) with { StartedAt = now }, "until did not give an ISO-8601 time");
        }

        await CommitAsync(state, Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Paused, StartedAt = now, WakeAt = until, Attempts = 1 });
        return StepOutcome.Paused(until);
    }

    private async Task<StepOutcome> ApprovalAsync(RunState state, FlowStep step, NodeExecution? node)
    {
        var now = _time.GetUtcNow();
        if (node?.ApprovalId is not { } approvalId)
        {
            approvalId = FlowIds.New("appr_");
            var message = step.Message?.Render(state.Variables());
            node = Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Paused, StartedAt = now, ApprovalId = approvalId, Attempts = 1, Input = message?.DeepClone() };

            // The node names the approval before the approval exists, so a crash in between creates it on resume, never twice.
            await CommitAsync(state, node);
        }

        var approval = await _approvals.GetAsync(approvalId, CancellationToken.None);
        if (approval is null)
        {
            approval = NewApproval(state, step, approvalId, node.Input, now);
            await _approvals.CreateAsync(approval, CancellationToken.None);
        }

        if (approval.Status is ApprovalStatuses.Pending && approval.ExpiresAt is { } expires && now >= expires)
        {
            var expired = new JsonObject { ["decision"] = "expired" }.ToJsonString();
            await _approvals.TryDecideAsync(approval.Id, ApprovalStatuses.Cancelled, "flow-engine", now, expired, CancellationToken.None);
            approval = await _approvals.GetAsync(approvalId, CancellationToken.None) ?? approval;
        }

        if (approval.Status is ApprovalStatuses.Deciding && approval.DecidedAt is { } claimed && now - claimed >= StuckDecision)
        {
            // Only approving claims a flow approval (reject decides it in one step), and approving one runs nothing:
            // a claim left by a gateway that stopped mid-decision is finished here, or the run would wait forever.
            var finished = new JsonObject { ["decision"] = "approved", ["message"] = "Approved; the approver's gateway stopped before finishing, so the flow engine finished it." };
            await _approvals.FinishAsync(approval.Id, ApprovalStatuses.Executed, finished.ToJsonString(), null, CancellationToken.None);
            approval = await _approvals.GetAsync(approvalId, CancellationToken.None) ?? approval;
        }

        switch (approval.Status)
        {
            case ApprovalStatuses.Pending or ApprovalStatuses.Deciding:
                return StepOutcome.Paused(Min(now + _options.RecheckInterval, approval.ExpiresAt));
            case ApprovalStatuses.Executed:
                await CommitAsync(state, node with
                {
                    Status = NodeStatuses.Succeeded, FinishedAt = now,
                    Output = new JsonObject { ["approved"] = true, ["by"] = approval.DecidedBy },
                });
                return StepOutcome.Finished;
            default:
                return await FailAsync(state, node, $"approval {approval.Id} was {approval.Status}");
        }
    }

    private static ApprovalRecord NewApproval(RunState state, FlowStep step, string approvalId, JsonNode? message, DateTimeOffset now) => new()
    {
        Id = approvalId,
        Tool = $"flow__{state.Run.FlowName}",
        Connector = ApprovalKinds.FlowConnector,
        ArgumentsJson = new JsonObject
        {
            ["run_id"] = state.Run.Id, ["step"] = step.Key, ["iteration"] = 0, ["message"] = message?.DeepClone(),
        }.ToJsonString(),
        Agent = state.Run.Agent,
        KeyId = state.Run.KeyId,
        ContextJson = new JsonObject { ["surface"] = "flow", ["run_id"] = state.Run.Id, ["step"] = step.Key, ["workflow"] = state.Run.FlowName }.ToJsonString(),
        Reason = message is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : message?.ToJsonString(),
        ExecutionId = FlowIds.New("exe_"),
        CreatedAt = now,
        ExpiresAt = step.ExpiresIn is { } e ? now + e : null,
    };

    private async Task<StepOutcome> FailAsync(RunState state, NodeExecution node, string error)
    {
        await CommitAsync(state, node with { Status = NodeStatuses.Failed, Error = error, FinishedAt = _time.GetUtcNow() });
        return StepOutcome.Failed(error);
    }

    /// <summary>The node to write: the existing one (kept: attempts, start) or a new one.</summary>
    private static NodeExecution Fresh(RunState state, string key, int iteration, NodeExecution? node) =>
        node ?? new NodeExecution { RunId = state.Run.Id, StepKey = key, Iteration = iteration };
}
