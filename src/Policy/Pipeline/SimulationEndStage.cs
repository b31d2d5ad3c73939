namespace McpGateway.Policy.Pipeline;

/// <summary>Ends a simulated call where the effects would begin: says what would happen, runs nothing.</summary>
internal sealed class SimulationEndStage : IToolCallStage
{
    public string Name => "simulate";

    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        if (context.ApprovalRule is { } rule)
        {
            context.Record(Name, "would_require_approval", rule.Source);
            return ValueTask.FromResult(ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval,
                $"Would be held for approval ({rule.Rule.Reason ?? rule.Source}); nothing was executed."));
        }

        context.Record(Name, "would_execute");
        return ValueTask.FromResult(ToolCallOutcome.WithStatus(ToolCallStatus.Completed, "Would execute; nothing was executed (simulation)."));
    }
}
