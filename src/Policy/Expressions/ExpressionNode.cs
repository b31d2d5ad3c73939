using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A node of a parsed expression; the tree evaluates itself, so evaluating never re-reads the text.</summary>
internal abstract class ExpressionNode
{
    /// <summary>Evaluates the node against the variables (args, tool, state, ...).</summary>
    public abstract ExpressionValue Evaluate(JsonObject variables);

    /// <summary>The nodes this one is made of, for reading the tree (not for evaluating it).</summary>
    public virtual IEnumerable<ExpressionNode> Children => [];
}
