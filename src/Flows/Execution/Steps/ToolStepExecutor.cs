using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// A <c>tool</c> step: rendered once (a resume sends the same arguments, so the idempotency key replays), called through
/// <see cref="ToolStepRetry"/> (the step's one retry layer), and paused while the call is frozen for approval.
/// </summary>
internal sealed class ToolStepExecutor(IFlowToolInvoker tools, IApprovalStore approvals, FlowEngineOptions options, TimeProvider time, NodeWriter writer)
    : IStepExecutor
{
    private readonly ToolStepRetry _retry = new(time);

    public async Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = time.GetUtcNow();
        var attempt = node switch
        {
            null => 1,
            { Status: NodeStatuses.Pending } => node.Attempts + 1,
            _ => Math.Max(1, node.Attempts),
        };
        if (node is { Status: NodeStatuses.Paused, ApprovalId: { } approvalId })
        {
            var approval = await approvals.GetAsync(approvalId, CancellationToken.None);
            switch (approval?.Status)
            {
                case ApprovalStatuses.Pending or ApprovalStatuses.Deciding:
                    return StepOutcome.Paused(WakeTimes.Earliest(now + options.RecheckInterval, approval.ExpiresAt));
                case ApprovalStatuses.Executed or ApprovalStatuses.Invalidated:
                    break; // call again with the same key: the gateway replays the result, or names the new approval
                default:
                    return await writer.FailAsync(state, node, $"approval {approvalId} was {approval?.Status ?? "deleted"}; the tool did not run");
            }
        }

        var args = node?.Input is JsonObject kept && node.Status != NodeStatuses.Pending ? kept : step.Args?.Render(variables) as JsonObject ?? [];
        node = NodeWriter.Fresh(state, step.Key, iteration, node) with
        {
            Status = NodeStatuses.Running, Input = args.DeepClone(), Attempts = attempt, StartedAt = node?.StartedAt ?? now, ApprovalId = null,
        };
        await writer.CommitAsync(state, node);
        var (callArgs, connections, refused) = await ToolStepConnections.ResolveAsync(tools, state, step, args, variables);
        if (refused is not null)
        {
            return await writer.FailAsync(state, node, refused);
        }

        using var call = new ToolStepCall(tools, state, step, iteration, callArgs!, attempt, options.UnavailableWait, time, async failed =>
        {
            // A definite failure with attempts left: the next attempt, under a new key, is committed before it is made.
            node = node with { Attempts = node.Attempts + 1, ExecutionId = failed.ExecutionId ?? node.ExecutionId, Error = connections?.Redact(failed.Error) ?? failed.Error };
            await writer.CommitAsync(state, node);
        });
        var result = await _retry.ExecuteAsync(call, state.CancellationToken);
        if (connections is not null)
        {
            result = result with { Output = connections.Redact(result.Output), Error = connections.Redact(result.Error) };
        }

        node = node with { ExecutionId = result.ExecutionId ?? node.ExecutionId };
        switch (result.Kind)
        {
            case FlowToolResultKind.Succeeded:
                await writer.CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = result.Output?.DeepClone(), Error = null, FinishedAt = time.GetUtcNow() });
                return StepOutcome.Finished;
            case FlowToolResultKind.PendingApproval when result.ApprovalId is not null:
                await writer.CommitAsync(state, node with { Status = NodeStatuses.Paused, ApprovalId = result.ApprovalId, Error = null });
                return StepOutcome.Paused(time.GetUtcNow() + options.RecheckInterval);
            default:
                return await writer.FailAsync(state, node, result.Error ?? "the tool call failed");
        }
    }
}
