using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>The executor of each step type.</summary>
internal sealed class StepExecutors
{
    private readonly Dictionary<string, IStepExecutor> _byType;
    private readonly IStepExecutor _transform;

    public StepExecutors(IRunStore runs, IApprovalStore approvals, IFlowToolInvoker tools, FlowEngineOptions options, TimeProvider time,
        NodeWriter writer, RunLauncher launcher)
    {
        _transform = new TransformStepExecutor(writer, time);
        _byType = new Dictionary<string, IStepExecutor>(StringComparer.Ordinal)
        {
            [StepTypes.Tool] = new ToolStepExecutor(tools, approvals, options, time, writer),
            [StepTypes.Flow] = new FlowStepExecutor(runs, options, time, writer, launcher),
            [StepTypes.Transform] = _transform,
            [StepTypes.Router] = new RouterStepExecutor(writer, time),
            [StepTypes.Loop] = new LoopStepExecutor(this, options, time, writer),
            [StepTypes.Approval] = new ApprovalStepExecutor(approvals, options, time, writer),
            [StepTypes.Delay] = new DelayStepExecutor(writer, time),
        };
    }

    /// <summary>The executor of the step's type.</summary>
    public IStepExecutor For(FlowStep step) => _byType.GetValueOrDefault(step.Type, _transform);
}
