using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;
using Polly;
using Polly.Retry;

namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    private static readonly TimeSpan FirstUnknownWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxUnknownWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A tool step: rendered once (a resume sends the same arguments, so the idempotency key replays), retried after
    /// definite failures with a new key per attempt, paused while frozen for approval, and called again with the same
    /// key while its outcome is unknown.
    /// </summary>
    private async Task<StepOutcome> ToolAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables)
    {
        var now = _time.GetUtcNow();
        var attempt = node switch
        {
            null => 1,
            { Status: NodeStatuses.Pending } => node.Attempts + 1,
            _ => Math.Max(1, node.Attempts),
        };
        if (node is { Status: NodeStatuses.Paused, ApprovalId: { } approvalId })
        {
            var approval = await _approvals.GetAsync(approvalId, CancellationToken.None);
            switch (approval?.Status)
            {
                case ApprovalStatuses.Pending or ApprovalStatuses.Deciding:
                    return StepOutcome.Paused(Min(now + _options.RecheckInterval, approval.ExpiresAt));
                case ApprovalStatuses.Executed or ApprovalStatuses.Invalidated:
                    break; // call again with the same key: the gateway replays the result, or names the new approval
                default:
                    return await FailAsync(state, node, $"approval {approvalId} was {approval?.Status ?? "deleted"}; the tool did not run");
            }
        }

        var args = node?.Input is JsonObject kept && node.Status != NodeStatuses.Pending ? kept : step.Args?.Render(variables) as JsonObject ?? [];
        node = Fresh(state, step.Key, iteration, node) with
        {
            Status = NodeStatuses.Running, Input = args.DeepClone(), Attempts = attempt, StartedAt = node?.StartedAt ?? now, ApprovalId = null,
        };
        await CommitAsync(state, node);

        var maxAttempts = step.Retry?.Attempts ?? 1;
        var result = await RetryPipeline(step, maxAttempts - attempt).ExecuteAsync(async token =>
        {
            var call = new FlowToolCall(step.Tool!, (JsonObject)args.DeepClone(), Key(state, step, iteration, attempt), state.Run, step.Key);
            var r = await CallUntilKnownAsync(call, step.Timeout, token);
            if (r.Kind == FlowToolResultKind.Failed && attempt < maxAttempts)
            {
                attempt++;
                node = node with { Attempts = attempt, ExecutionId = r.ExecutionId ?? node.ExecutionId, Error = r.Error };
                await CommitAsync(state, node);
            }

            return r;
        }, state.CancellationToken);

        node = node with { ExecutionId = result.ExecutionId ?? node.ExecutionId };
        switch (result.Kind)
        {
            case FlowToolResultKind.Succeeded:
                await CommitAsync(state, node with { Status = NodeStatuses.Succeeded, Output = result.Output?.DeepClone(), Error = null, FinishedAt = _time.GetUtcNow() });
                return StepOutcome.Finished;
            case FlowToolResultKind.PendingApproval when result.ApprovalId is not null:
                await CommitAsync(state, node with { Status = NodeStatuses.Paused, ApprovalId = result.ApprovalId, Error = null });
                return StepOutcome.Paused(_time.GetUtcNow() + _options.RecheckInterval);
            default:
                return await FailAsync(state, node, result.Error ?? "the tool call failed");
        }
    }

    /// <summary>Calls until the outcome is known: an unknown outcome holds the key, so waiting and asking again is safe.</summary>
    private async Task<FlowToolResult> CallUntilKnownAsync(FlowToolCall call, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var attemptTimeout = timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = attemptTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        var token = linked?.Token ?? cancellationToken;
        var wait = FirstUnknownWait;
        var unavailableSince = (DateTimeOffset?)null;
        FlowToolResult? last = null;
        try
        {
            while (true)
            {
                var result = last = await _tools.InvokeAsync(call, token);
                if (result.Kind == FlowToolResultKind.Unavailable)
                {
                    // A connector coming back after a restart is normal; one that stays away past the bound fails the step.
                    unavailableSince ??= _time.GetUtcNow();
                    if (_time.GetUtcNow() - unavailableSince >= _options.UnavailableWait)
                    {
                        return result with { Kind = FlowToolResultKind.Failed, Error = $"{result.Error} (still unavailable after {_options.UnavailableWait.TotalSeconds:0} s)" };
                    }
                }
                else if (result.Kind != FlowToolResultKind.Unknown)
                {
                    return result;
                }

                await Task.Delay(wait, _time, token);
                wait = wait * 2 > MaxUnknownWait ? MaxUnknownWait : wait * 2;
            }
        }
        catch (OperationCanceledException) when (attemptTimeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable all along: nothing ran, a definite failure. Otherwise the call may have taken effect: not
            // definite, so it is not retried with a new key.
            if (last?.Kind == FlowToolResultKind.Unavailable)
            {
                return last with { Kind = FlowToolResultKind.Failed, Error = $"{last.Error} (still unavailable after the step's {timeout} timeout)" };
            }

            return new FlowToolResult(FlowToolResultKind.Unknown, Error: $"timed out after {timeout} with its outcome unknown");
        }
    }

    private ResiliencePipeline<FlowToolResult> RetryPipeline(FlowStep step, int retries)
    {
        if (retries < 1 || step.Retry is not { } retry)
        {
            return ResiliencePipeline<FlowToolResult>.Empty;
        }

        return new ResiliencePipelineBuilder<FlowToolResult> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<FlowToolResult>
            {
                MaxRetryAttempts = retries,
                Delay = retry.Backoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Kind == FlowToolResultKind.Failed),
            })
            .Build();
    }

    private static string Key(RunState state, FlowStep step, int iteration, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"run:{state.Run.Id}:{step.Key}:{iteration}") +
        (attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $":{attempt}") : "");
}
