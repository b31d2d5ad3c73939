namespace McpGateway.Policy.Pipeline;

/// <summary>The composed pipeline: call <see cref="InvokeAsync"/> for every tool call, from any surface.</summary>
public sealed class ToolCallPipeline
{
    private readonly ToolCallDelegate _entry;

    internal ToolCallPipeline(ToolCallDelegate entry, IReadOnlyList<string> stageNames)
    {
        _entry = entry;
        StageNames = stageNames;
    }

    /// <summary>The stage names, outermost first.</summary>
    public IReadOnlyList<string> StageNames { get; }

    /// <summary>Runs a call through every stage.</summary>
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context) => _entry(context);
}
