namespace McpGateway.Policy.Expressions;

/// <summary>The JSON type of an <see cref="ExpressionValue"/>.</summary>
internal enum ExpressionValueKind
{
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}
