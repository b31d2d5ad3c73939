using System.Globalization;
using System.Text;

namespace McpGateway.Policy.Expressions;

/// <summary>The values of the grammar: literals, lists, parenthesized expressions and paths.</summary>
internal sealed partial class Parser
{
    private ExpressionNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LeftParen:
                Enter();
                _index++;
                var inner = ParseOr();
                Expect(TokenKind.RightParen, $"expected ')' to close '(' at {token.Position}");
                _depth--;
                return inner;
            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.String:
                _index++;
                return new LiteralNode(ExpressionValue.FromString(token.Value!));
            case TokenKind.Number:
                _index++;
                return new LiteralNode(ParseNumber(token));
            case TokenKind.True or TokenKind.False:
                _index++;
                return new LiteralNode(ExpressionValue.FromBoolean(token.Kind == TokenKind.True));
            case TokenKind.Null:
                _index++;
                return new LiteralNode(ExpressionValue.Null);
            case TokenKind.Identifier:
                return ParsePath();
            default:
                var after = _index > 0 ? $" after '{_tokens[_index - 1].Text}'" : string.Empty;
                throw new ExpressionException(token.Position, $"expected a value{after} but found {token.Describe()}");
        }
    }

    private ListNode ParseList()
    {
        var open = Current;
        Enter();
        _index++;
        var items = new List<ExpressionNode>();
        if (Current.Kind != TokenKind.RightBracket)
        {
            items.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                _index++;
                items.Add(ParseOr());
            }
        }

        Expect(TokenKind.RightBracket, $"expected ',' or ']' in the list started at {open.Position}");
        _depth--;
        return new ListNode([.. items]);
    }

    private PathNode ParsePath()
    {
        var root = Current;
        if (_allowedRoots is not null && !_allowedRoots.Contains(root.Text))
        {
            throw new ExpressionException(root.Position, $"unknown name '{root.Text}'; expected one of {string.Join(", ", _allowedRoots)}");
        }

        _index++;
        var text = new StringBuilder(root.Text);
        var segments = new List<PathSegment>();
        while (Current.Kind is TokenKind.Dot or TokenKind.LeftBracket)
        {
            var isMember = Current.Kind == TokenKind.Dot;
            _index++;
            var key = Current;
            if (isMember && key.IsWord)
            {
                segments.Add(new PathSegment(key.Text, 0));
                text.Append('.').Append(key.Text);
            }
            else if (!isMember && key.Kind == TokenKind.Number && int.TryParse(key.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(new PathSegment(null, index));
                text.Append('[').Append(key.Text).Append(']');
            }
            else if (!isMember && key.Kind == TokenKind.String)
            {
                segments.Add(new PathSegment(key.Value, 0));
                text.Append('[').Append(ExpressionValue.FromString(key.Value!).ToLiteralText()).Append(']');
            }
            else
            {
                var expected = isMember ? "a name after '.'" : "an index (a whole number or a quoted name) after '['";
                throw new ExpressionException(key.Position, $"expected {expected} but found {key.Describe()}");
            }

            _index++;
            if (!isMember)
            {
                Expect(TokenKind.RightBracket, "expected ']' after the index");
            }
        }

        var path = text.ToString();
        if (_seenPaths.Add(path))
        {
            _paths.Add(path);
        }

        return new PathNode(root.Text, [.. segments], path);
    }
}
