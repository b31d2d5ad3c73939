using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>Executes (or resumes) the node of one step type; commits the node before it returns.</summary>
internal interface IStepExecutor
{
    /// <summary>
    /// Executes <paramref name="step"/>'s node <paramref name="iteration"/> (0 for a step, 1..n for a loop's items), from
    /// its committed <paramref name="node"/> when resuming, with the template <paramref name="variables"/>.
    /// </summary>
    Task<StepOutcome> ExecuteAsync(RunState state, FlowStep step, int iteration, NodeExecution? node, JsonObject variables);
}
