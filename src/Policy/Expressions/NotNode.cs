using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary><c>not x</c> (or <c>!x</c>): the negated truthiness of the operand.</summary>
internal sealed class NotNode(ExpressionNode operand) : ExpressionNode
{
    public override IEnumerable<ExpressionNode> Children => [operand];

    public override ExpressionValue Evaluate(JsonObject variables) =>
        ExpressionValue.FromBoolean(!operand.Evaluate(variables).IsTruthy);
}
