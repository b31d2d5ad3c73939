using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A string, number, <c>true</c>, <c>false</c> or <c>null</c> written in the expression.</summary>
internal sealed class LiteralNode(ExpressionValue value) : ExpressionNode
{
    public ExpressionValue Value { get; } = value;

    public override ExpressionValue Evaluate(JsonObject variables) => Value;
}
