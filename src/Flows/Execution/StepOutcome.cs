namespace McpGateway.Flows.Execution;

/// <summary>What executing a step (or a loop iteration) came to in this pass.</summary>
/// <param name="Kind">Finished (committed), Paused (waits), or Failed (committed FAILED and fails the run).</param>
/// <param name="WakeAt">When a paused step should be looked at again, if it knows.</param>
/// <param name="Error">Why it failed.</param>
internal readonly record struct StepOutcome(StepOutcomeKind Kind, DateTimeOffset? WakeAt = null, string? Error = null)
{
    public static StepOutcome Finished => new(StepOutcomeKind.Finished);

    public static StepOutcome Paused(DateTimeOffset? wakeAt) => new(StepOutcomeKind.Paused, wakeAt);

    public static StepOutcome Failed(string error) => new(StepOutcomeKind.Failed, Error: error);
}
