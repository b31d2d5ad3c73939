using System.Globalization;

namespace McpGateway.Policy.Expressions;

/// <summary>The field-condition shorthand of approval contracts: <c>balance: "&gt; 0"</c>, <c>status: open</c>.</summary>
public sealed partial class ConditionExpression
{
    /// <summary>
    /// Parses a condition on one field. Text that starts with an operator (<c>== != &lt; &lt;= &gt; &gt;= in, not in,
    /// contains, starts_with, ends_with, matches</c>) compares the field with the rest: <c>"&gt; 0"</c> reads as
    /// <c>balance &gt; 0</c>. Any other text is equality with a literal; a number, <c>true</c>, <c>false</c>,
    /// <c>null</c> or a quoted string keeps its type, and anything else (a bare word) is a string.
    /// </summary>
    /// <param name="fieldPath">The field, as a path such as <c>balance</c> or <c>state.balance</c>.</param>
    /// <param name="text">The condition text.</param>
    /// <exception cref="ExpressionException">
    /// The field path is not a path, the text is longer than <see cref="ExpressionLimits.MaxLength"/>, or the text
    /// starts with an operator and the rest is not one value; positions
    /// are offsets in <paramref name="text"/> (in <paramref name="fieldPath"/> for a bad field path).
    /// </exception>
    public static ConditionExpression ParseFieldCondition(string fieldPath, string text)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        ArgumentNullException.ThrowIfNull(text);
        Parser.CheckLength(text);

        var field = ParseFieldPath(fieldPath, out var paths);
        var trimmed = text.Trim();
        if (StartsWithOperator(text))
        {
            var parser = new Parser(text, allowedRoots: null);
            var node = parser.ParseComparisonWith(field);
            foreach (var path in parser.Paths)
            {
                if (!paths.Contains(path))
                {
                    paths.Add(path);
                }
            }

            return new ConditionExpression($"{field.Text} {trimmed}", node, paths);
        }

        var literal = ReadLiteral(trimmed);
        var equality = new ComparisonNode(ComparisonOperator.Equal, field, new LiteralNode(literal));
        return new ConditionExpression($"{field.Text} == {literal.ToLiteralText()}", equality, paths);
    }

    private static PathNode ParseFieldPath(string fieldPath, out List<string> paths)
    {
        try
        {
            var parser = new Parser(fieldPath, allowedRoots: null);
            var field = parser.ParsePathOnly();
            paths = parser.Paths;
            return field;
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException(ex.Position, $"field path '{fieldPath}': {ex.Detail}");
        }
    }

    private static bool StartsWithOperator(string text)
    {
        try
        {
            var tokenizer = new Tokenizer(text);
            var first = tokenizer.Next();
            var second = first.Kind == TokenKind.Not ? tokenizer.Next() : first;
            return Parser.IsComparison(first, second);
        }
        catch (ExpressionException)
        {
            // Text that does not even tokenize (it's open) cannot start with an operator: it is a bare string.
            return false;
        }
    }

    private static ExpressionValue ReadLiteral(string text)
    {
        List<Token> tokens;
        try
        {
            tokens = Tokenizer.Tokenize(text);
        }
        catch (ExpressionException)
        {
            return ExpressionValue.FromString(text);
        }

        if (tokens.Count != 2)
        {
            return ExpressionValue.FromString(text);
        }

        var token = tokens[0];
        return token.Kind switch
        {
            TokenKind.String => ExpressionValue.FromString(token.Value!),
            TokenKind.Number when decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                => ExpressionValue.FromNumber(number),
            TokenKind.True => ExpressionValue.FromBoolean(true),
            TokenKind.False => ExpressionValue.FromBoolean(false),
            TokenKind.Null => ExpressionValue.Null,
            _ => ExpressionValue.FromString(text),
        };
    }
}
