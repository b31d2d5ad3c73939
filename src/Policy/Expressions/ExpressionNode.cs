using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A node of a parsed expression; the tree evaluates itself, so evaluating never re-reads the text.</summary>
internal abstract class ExpressionNode
{
    /// <summary>Evaluates the node against the variables (args, tool, state, ...).</summary>
    public abstract ExpressionValue Evaluate(JsonObject variables);
}
