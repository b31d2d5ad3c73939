using System.Globalization;

namespace McpGateway.Policy.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, lowest first: <c>or</c>, <c>and</c>, prefix <c>not</c>, then one
/// comparison (<c>== != &lt; &lt;= &gt; &gt;= in, not in, contains, starts_with, ends_with, matches</c>) between two values.
/// </summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly IReadOnlyCollection<string>? _allowedRoots;
    private readonly List<string> _paths = [];
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);
    private int _index;
    private int _depth;

    /// <exception cref="ExpressionException">The text is longer than <see cref="ExpressionLimits.MaxLength"/> or does not tokenize.</exception>
    public Parser(string text, IReadOnlyCollection<string>? allowedRoots)
    {
        CheckLength(text);
        _tokens = Tokenizer.Tokenize(text);
        _allowedRoots = allowedRoots;
    }

    /// <summary>Every distinct path parsed so far, in order of first appearance.</summary>
    public List<string> Paths => _paths;

    private Token Current => _tokens[_index];

    /// <summary>Parses the whole text as one expression.</summary>
    public ExpressionNode ParseExpression()
    {
        var node = ParseOr();
        ExpectEnd();
        return node;
    }

    /// <summary>Parses text that starts with a comparison operator and compares <paramref name="left"/> with the rest.</summary>
    public ExpressionNode ParseComparisonWith(ExpressionNode left)
    {
        var node = ParseComparisonTail(left);
        ExpectEnd();
        return node;
    }

    /// <summary>Parses the whole text as a single path, e.g. <c>state.balance</c>.</summary>
    public PathNode ParsePathOnly()
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            throw new ExpressionException(Current.Position, $"expected a path but found {Current.Describe()}");
        }

        var path = ParsePath();
        ExpectEnd();
        return path;
    }

    /// <summary>True when the token begins a comparison; <c>not</c> counts only when followed by <c>in</c>.</summary>
    public static bool IsComparison(Token token, Token next) => token.Kind switch
    {
        TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater
            or TokenKind.GreaterEqual or TokenKind.In or TokenKind.Contains or TokenKind.StartsWith
            or TokenKind.EndsWith or TokenKind.Matches => true,
        TokenKind.Not => next.Kind == TokenKind.In,
        _ => false,
    };

    /// <exception cref="ExpressionException">The number does not fit a decimal.</exception>
    public static ExpressionValue ParseNumber(Token token) =>
        decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? ExpressionValue.FromNumber(number)
            : throw new ExpressionException(token.Position, $"number '{token.Text}' is out of range");

    /// <exception cref="ExpressionException">The text is longer than <see cref="ExpressionLimits.MaxLength"/>.</exception>
    public static void CheckLength(string text)
    {
        if (text.Length > ExpressionLimits.MaxLength)
        {
            throw new ExpressionException(ExpressionLimits.MaxLength,
                $"the expression is {text.Length} characters long; the limit is {ExpressionLimits.MaxLength} characters (16 KB)");
        }
    }

    // A chain of 'or' (and of 'and') becomes one node holding its operands, not a left-leaning tree as deep as the
    // chain is long: evaluating it then takes no stack per operand.
    private ExpressionNode ParseOr()
    {
        var first = ParseAnd();
        if (Current.Kind != TokenKind.Or)
        {
            return first;
        }

        var operands = new List<ExpressionNode> { first };
        while (Current.Kind == TokenKind.Or)
        {
            _index++;
            operands.Add(ParseAnd());
        }

        return new LogicalNode(isAnd: false, [.. operands]);
    }

    private ExpressionNode ParseAnd()
    {
        var first = ParseNot();
        if (Current.Kind != TokenKind.And)
        {
            return first;
        }

        var operands = new List<ExpressionNode> { first };
        while (Current.Kind == TokenKind.And)
        {
            _index++;
            operands.Add(ParseNot());
        }

        return new LogicalNode(isAnd: true, [.. operands]);
    }

    private ExpressionNode ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        Enter();
        _index++;
        var operand = ParseNot();
        _depth--;
        return new NotNode(operand);
    }

    private ExpressionNode ParseComparison()
    {
        var left = ParsePrimary();
        return IsComparison(Current, Peek()) ? ParseComparisonTail(left) : left;
    }

    private ExpressionNode ParseComparisonTail(ExpressionNode left)
    {
        var opToken = Current;
        var negated = opToken.Kind == TokenKind.Not;
        _index += negated ? 2 : 1;
        var rightPosition = Current.Position;
        var right = ParsePrimary();
        if (IsComparison(Current, Peek()))
        {
            throw new ExpressionException(Current.Position, $"expected 'and', 'or' or end of expression but found {Current.Describe()}; comparisons cannot be chained");
        }

        var op = opToken.Kind switch
        {
            TokenKind.Equal => ComparisonOperator.Equal,
            TokenKind.NotEqual => ComparisonOperator.NotEqual,
            TokenKind.Less => ComparisonOperator.Less,
            TokenKind.LessEqual => ComparisonOperator.LessEqual,
            TokenKind.Greater => ComparisonOperator.Greater,
            TokenKind.GreaterEqual => ComparisonOperator.GreaterEqual,
            TokenKind.Not => ComparisonOperator.NotIn,
            TokenKind.In => ComparisonOperator.In,
            TokenKind.Contains => ComparisonOperator.Contains,
            TokenKind.StartsWith => ComparisonOperator.StartsWith,
            TokenKind.EndsWith => ComparisonOperator.EndsWith,
            _ => (ComparisonOperator?)null,
        };
        return op is { } comparison ? new ComparisonNode(comparison, left, right) : CreateMatches(left, right, rightPosition);
    }

    private static MatchesNode CreateMatches(ExpressionNode left, ExpressionNode right, int patternPosition)
    {
        if (right is not LiteralNode { Value.Kind: ExpressionValueKind.String } literal)
        {
            return new MatchesNode(left, right, compiled: null);
        }

        try
        {
            return new MatchesNode(left, right, MatchesNode.Compile(literal.Value.AsString));
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionException(patternPosition, $"invalid regular expression after 'matches': {ex.Message}");
        }
    }

    private Token Peek() => _index + 1 < _tokens.Count ? _tokens[_index + 1] : Current;

    private void Enter()
    {
        if (++_depth > ExpressionLimits.MaxDepth)
        {
            throw new ExpressionException(Current.Position, $"expression nests more than {ExpressionLimits.MaxDepth} levels deep (parentheses, lists and 'not' count)");
        }
    }

    private void Expect(TokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw new ExpressionException(Current.Position, $"{expected} but found {Current.Describe()}");
        }

        _index++;
    }

    private void ExpectEnd()
    {
        var token = Current;
        if (token.Kind == TokenKind.RightParen)
        {
            throw new ExpressionException(token.Position, "unexpected ')' without a matching '('");
        }

        if (token.Kind != TokenKind.End)
        {
            throw new ExpressionException(token.Position, $"expected 'and', 'or' or end of expression but found {token.Describe()}");
        }
    }
}
