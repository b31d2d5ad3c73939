using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Upstream;

namespace McpGateway.Policy.Pipeline;

/// <summary>
/// The one place that orders the stages (DESIGN.md, "The call pipeline"). Journal is always first and Upstream
/// always last; the stages between arrive in their own issues and slot in here in their fixed order.
/// </summary>
public static class ToolCallPipelineBuilder
{
    /// <summary>Builds the pipeline from its stages.</summary>
    public static ToolCallPipeline Build(JournalStage journal, ResolveStage resolve, UpstreamStage upstream)
    {
        IToolCallStage[] stages = [journal, resolve, upstream];
        return Compose(stages);
    }

    internal static ToolCallPipeline Compose(IReadOnlyList<IToolCallStage> stages)
    {
        ToolCallDelegate next = static _ => throw new InvalidOperationException("The last stage must not call next.");
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var stage = stages[i];
            var inner = next;
            next = context => stage.InvokeAsync(context, inner);
        }

        return new ToolCallPipeline(next, stages.Select(s => s.Name).ToList());
    }
}
