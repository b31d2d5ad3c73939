namespace McpGateway.Flows.Execution;

/// <summary>See <see cref="StepOutcome"/>.</summary>
internal enum StepOutcomeKind
{
    Finished,
    Paused,
    Failed,
}
