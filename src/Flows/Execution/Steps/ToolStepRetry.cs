using Polly;
using Polly.Retry;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// The one retry layer of a flow tool step (Polly): it calls again as <see cref="ToolStepCall"/> decides. The call
/// pipeline under it makes one attempt per call for flows (<see cref="PipelineFlowToolInvoker"/>), so the tool's own
/// <c>retry</c> does not multiply the step's attempts.
/// </summary>
internal sealed class ToolStepRetry
{
    private static readonly ResiliencePropertyKey<ToolStepCall> CallKey = new("mcpgw.flow_tool_step");
    private readonly ResiliencePipeline<FlowToolResult> _pipeline;

    public ToolStepRetry(TimeProvider time) =>
        _pipeline = new ResiliencePipelineBuilder<FlowToolResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<FlowToolResult>
            {
                // Bounded by the call itself: the step's attempts, its timeout, the wait for an unreachable connector.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { } result && Call(args.Context).ShouldRetry(result)),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(Call(args.Context).DelayBefore(args.Outcome.Result!)),
                OnRetry = static args => Call(args.Context).OnRetryAsync(args.Outcome.Result!),
            })
            .Build();

    /// <summary>Calls until the step's result is settled for this pass.</summary>
    public async Task<FlowToolResult> ExecuteAsync(ToolStepCall call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(static (context, call) => call.CallAsync(context.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ToolStepCall Call(ResilienceContext context) => context.Properties.GetValue(CallKey, null!);
}
