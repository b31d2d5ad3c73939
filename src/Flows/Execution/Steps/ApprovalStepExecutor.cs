using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>An <c>approval</c> step: creates its approval once and pauses the run until a human decides it (or it expires).</summary>
internal sealed class ApprovalStepExecutor(IApprovalStore approvals, FlowEngineOptions options, TimeProvider time, NodeWriter writer) : IStepExecutor
{
    /// <summary>A flow approval claimed (deciding) this long ago was left by an approver's gateway that stopped mid-decision.</summary>
    private static readonly TimeSpan StuckDecision = TimeSpan.FromMinutes(1);

    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = time.GetUtcNow();
        if (node?.ApprovalId is not { } approvalId)
        {
            approvalId = FlowIds.New("appr_");
            var message = step.Message?.Render(variables);
            node = NodeWriter.Fresh(state, step.Key, 0, node) with { Status = NodeStatuses.Paused, StartedAt = now, ApprovalId = approvalId, Attempts = 1, Input = message?.DeepClone() };

            // The node names the approval before the approval exists, so a crash in between creates it on resume, never twice.
            await writer.CommitAsync(state, node);
        }

        var approval = await approvals.GetAsync(approvalId, CancellationToken.None);
        if (approval is null)
        {
            approval = NewApproval(state, step, approvalId, node.Input, now);
            await approvals.CreateAsync(approval, CancellationToken.None);
        }

        if (approval.Status is ApprovalStatuses.Pending && approval.ExpiresAt is { } expires && now >= expires)
        {
            var expired = new JsonObject { ["decision"] = "expired" }.ToJsonString();
            await approvals.TryDecideAsync(approval.Id, ApprovalStatuses.Cancelled, "flow-engine", now, expired, CancellationToken.None);
            approval = await approvals.GetAsync(approvalId, CancellationToken.None) ?? approval;
        }

        if (approval.Status is ApprovalStatuses.Deciding && approval.DecidedAt is { } claimed && now - claimed >= StuckDecision)
        {
            // Only approving claims a flow approval (reject decides it in one step), and approving one runs nothing:
            // a claim left by a gateway that stopped mid-decision is finished here, or the run would wait forever.
            var finished = new JsonObject { ["decision"] = "approved", ["message"] = "Approved; the approver's gateway stopped before finishing, so the flow engine finished it." };
            await approvals.FinishAsync(approval.Id, ApprovalStatuses.Executed, finished.ToJsonString(), null, CancellationToken.None);
            approval = await approvals.GetAsync(approvalId, CancellationToken.None) ?? approval;
        }

        switch (approval.Status)
        {
            case ApprovalStatuses.Pending or ApprovalStatuses.Deciding:
                return StepOutcome.Paused(WakeTimes.Earliest(now + options.RecheckInterval, approval.ExpiresAt));
            case ApprovalStatuses.Executed:
                await writer.CommitAsync(state, node with
                {
                    Status = NodeStatuses.Succeeded, FinishedAt = now,
                    Output = new JsonObject { ["approved"] = true, ["by"] = approval.DecidedBy },
                });
                return StepOutcome.Finished;
            default:
                return await writer.FailAsync(state, node, $"approval {approval.Id} was {approval.Status}");
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
}
