using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Upstream;

namespace McpGateway.Policy.Pipeline;

/// <summary>
/// The one place that orders the stages (DESIGN.md, "The call pipeline"): Journal first, Upstream last, and between
/// them resolve → scope → limit → schema → entity → rules → idempotency → approval → verify → failure → reconcile.
/// </summary>
public static class ToolCallPipelineBuilder
{
    /// <summary>Builds the full pipeline.</summary>
    public static ToolCallPipeline Build(ToolCallStages s)
    {
        ArgumentNullException.ThrowIfNull(s);
        IToolCallStage[] stages =
        [
            s.Journal, s.Resolve, s.Scope, s.Limit, s.Schema, s.Entity, s.Rules, s.Idempotency, s.Approval, s.Verify, s.Failure, s.Reconcile, s.Upstream,
        ];
        return Compose(stages);
    }

    /// <summary>The checks only (resolve, scope, schema, entity, rules), for "what would happen" without executing or journaling.</summary>
    public static ToolCallPipeline BuildSimulation(ToolCallStages s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Compose([s.Resolve, s.Scope, s.Schema, s.Entity, s.Rules, new SimulationEndStage()]);
    }

    /// <summary>Builds the pass-through pipeline (journal, resolve, upstream): the baseline for benchmarks.</summary>
    public static ToolCallPipeline BuildPassThrough(JournalStage journal, ResolveStage resolve, UpstreamStage upstream) =>
        Compose([journal, resolve, upstream]);

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
