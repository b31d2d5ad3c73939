using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Resolve;

/// <summary>Finds the tool's capability card: prefixed names on the aggregated endpoint, upstream names on a connector's own.</summary>
public sealed class ResolveStage(ToolCatalog catalog) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "resolve";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        if (!catalog.Current.TryResolve(context.ToolName, context.ConnectorScope, out var card))
        {
            context.Record(Name, "unknown_tool");
            var where = context.ConnectorScope is null ? "this gateway" : $"connector '{context.ConnectorScope}'";
            return ValueTask.FromResult(ToolCallOutcome.Failed(
                ToolCallFault.UnknownTool,
                $"Unknown tool '{context.ToolName}' on {where}; call tools/list for the available names (a connector that is down has no tools)."));
        }

        context.Card = card;
        context.Record(Name, "resolved", $"{card.Connector}/{card.UpstreamName}");
        return next(context);
    }
}
