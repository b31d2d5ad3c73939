using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary><c>and</c> / <c>or</c> (or <c>&amp;&amp;</c> / <c>||</c>): short-circuits on truthiness and yields a boolean.</summary>
internal sealed class LogicalNode(bool isAnd, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override ExpressionValue Evaluate(JsonObject variables)
    {
        var leftTruthy = left.Evaluate(variables).IsTruthy;
        if (leftTruthy != isAnd)
        {
            return ExpressionValue.FromBoolean(leftTruthy);
        }

        return ExpressionValue.FromBoolean(right.Evaluate(variables).IsTruthy);
    }
}
