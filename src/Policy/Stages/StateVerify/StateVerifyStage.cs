using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.StateVerify;

/// <summary>When the call carries <c>verify</c>, checks the caller's assumptions on the live state: execute, abort or replan.</summary>
public sealed class StateVerifyStage(StateVerifier verifier) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "verify";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next) =>
        context.Options?.Verify is null ? next(context) : VerifyAsync(context, next);

    private async ValueTask<ToolCallOutcome> VerifyAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var result = await verifier.VerifyAsync(context.Options!.Verify!, context.Card!.Connector, context.Variables, context.CancellationToken);
        context.Details["verification"] = result.ToJson();
        context.Record(Name, result.Decision, result.Summary());
        return result.Decision switch
        {
            "execute" => await next(context),
            "replan" => ToolCallOutcome.WithStatus(ToolCallStatus.ReplanRequired,
                $"The live state does not match what the call assumed ({result.Summary()}); nothing was executed. Plan again from the live state."),
            _ => ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.None,
                $"Verification failed ({result.Summary()}), so the call was aborted; nothing was executed."),
        };
    }
}
