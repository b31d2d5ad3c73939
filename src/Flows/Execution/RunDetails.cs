using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>A run with its node executions and what it used.</summary>
public sealed record RunDetails(FlowRun Run, IReadOnlyList<NodeExecution> Nodes)
{
    /// <summary>Tool calls, attempts and time per step and per connector, counted from the nodes; null when not counted.</summary>
    public RunUsage? Usage { get; init; }
}
