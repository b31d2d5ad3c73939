using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>A started (or deduplicated) run, or why none started.</summary>
public sealed record RunStartResult(FlowRun? Run, bool Created, FlowError? Error)
{
    /// <summary>True when a run exists.</summary>
    public bool Ok => Error is null;
}
