using McpGateway.Flows.Execution;

namespace McpGateway.Flows.Definition;

/// <summary>
/// How big a flow may be and how long its runs may take. Saving a version over a limit keeps it as a draft with the
/// error; a stored version over a (lowered) limit fails its runs with the error. Defaults in <see cref="FlowEngineDefaults"/>.
/// </summary>
public sealed record FlowLimits
{
    /// <summary>The defaults.</summary>
    public static FlowLimits Default { get; } = new();

    /// <summary>The most steps one flow version may have (1..100,000).</summary>
    public int MaxSteps { get; init; } = FlowEngineDefaults.MaxSteps;

    /// <summary>The most items one loop may run over (1..1,000,000); a loop given more fails its step.</summary>
    public int MaxLoopItems { get; init; } = FlowEngineDefaults.MaxLoopItems;

    /// <summary>
    /// The longest a run may take, pauses included (at most <see cref="FlowEngineDefaults.MaxRunDurationCeiling"/>):
    /// a flow's <c>timeout</c> may not be longer, and a flow without one times out after this.
    /// </summary>
    public TimeSpan MaxRunDuration { get; init; } = FlowEngineDefaults.MaxRunDuration;
}
