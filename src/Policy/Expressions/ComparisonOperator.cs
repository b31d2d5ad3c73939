namespace McpGateway.Policy.Expressions;

/// <summary>The binary operators other than <c>matches</c>, which has its own node.</summary>
internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
}
