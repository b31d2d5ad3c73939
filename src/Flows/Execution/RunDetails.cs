using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>A run with its node executions.</summary>
public sealed record RunDetails(FlowRun Run, IReadOnlyList<NodeExecution> Nodes);
