using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A comparison or membership test; a mismatch of types makes it false, never an error.</summary>
internal sealed class ComparisonNode(ComparisonOperator op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public ComparisonOperator Operator => op;

    public ExpressionNode Left => left;

    public ExpressionNode Right => right;

    public override IEnumerable<ExpressionNode> Children => [left, right];

    public override ExpressionValue Evaluate(JsonObject variables)
    {
        var l = left.Evaluate(variables);
        var r = right.Evaluate(variables);
        var result = op switch
        {
            ComparisonOperator.Equal => JsonValues.Equal(l, r),
            ComparisonOperator.NotEqual => !JsonValues.Equal(l, r),
            ComparisonOperator.Less => JsonValues.Order(l, r) is < 0,
            ComparisonOperator.LessEqual => JsonValues.Order(l, r) is <= 0,
            ComparisonOperator.Greater => JsonValues.Order(l, r) is > 0,
            ComparisonOperator.GreaterEqual => JsonValues.Order(l, r) is >= 0,
            ComparisonOperator.In => JsonValues.In(l, r),
            ComparisonOperator.NotIn => !JsonValues.In(l, r),
            ComparisonOperator.Contains => JsonValues.In(r, l),
            ComparisonOperator.StartsWith => BothStrings(l, r) && l.AsString.StartsWith(r.AsString, StringComparison.Ordinal),
            ComparisonOperator.EndsWith => BothStrings(l, r) && l.AsString.EndsWith(r.AsString, StringComparison.Ordinal),
            _ => false,
        };
        return ExpressionValue.FromBoolean(result);
    }

    private static bool BothStrings(in ExpressionValue left, in ExpressionValue right) =>
        left.Kind == ExpressionValueKind.String && right.Kind == ExpressionValueKind.String;
}
