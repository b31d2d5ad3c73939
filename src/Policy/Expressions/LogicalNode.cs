using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>
/// A chain of <c>and</c> or of <c>or</c> (or <c>&amp;&amp;</c> / <c>||</c>): short-circuits on truthiness and yields a
/// boolean. The operands of one chain sit in one array and are evaluated in a loop, so a long chain
/// (<c>a or b or c …</c>) costs no stack depth.
/// </summary>
internal sealed class LogicalNode(bool isAnd, ExpressionNode[] operands) : ExpressionNode
{
    public override IEnumerable<ExpressionNode> Children => operands;

    public override ExpressionValue Evaluate(JsonObject variables)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(variables).IsTruthy != isAnd)
            {
                return ExpressionValue.FromBoolean(!isAnd);
            }
        }

        return ExpressionValue.FromBoolean(isAnd);
    }
}
