using System.Text;

namespace McpGateway.Policy.Expressions;

/// <summary>Splits expression text into tokens, one at a time.</summary>
internal sealed class Tokenizer(string text)
{
    private int _position;

    /// <summary>Tokenizes the whole text; the last token is always <see cref="TokenKind.End"/>.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokenizer = new Tokenizer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    /// <summary>Reads the next token.</summary>
    /// <exception cref="ExpressionException">The text at the current position is not a token.</exception>
    public Token Next()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }

        if (_position >= text.Length)
        {
            return new Token(TokenKind.End, text.Length, string.Empty);
        }

        var start = _position;
        var c = text[start];
        if (c is '\'' or '"')
        {
            return ReadString(c);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1])))
        {
            return ReadNumber();
        }

        if (char.IsLetter(c) || c == '_')
        {
            return ReadWord();
        }

        var next = start + 1 < text.Length ? text[start + 1] : '\0';
        return (c, next) switch
        {
            ('=', '=') => Symbol(TokenKind.Equal, 2),
            ('!', '=') => Symbol(TokenKind.NotEqual, 2),
            ('<', '=') => Symbol(TokenKind.LessEqual, 2),
            ('>', '=') => Symbol(TokenKind.GreaterEqual, 2),
            ('&', '&') => Symbol(TokenKind.And, 2),
            ('|', '|') => Symbol(TokenKind.Or, 2),
            ('<', _) => Symbol(TokenKind.Less, 1),
            ('>', _) => Symbol(TokenKind.Greater, 1),
            ('!', _) => Symbol(TokenKind.Not, 1),
            ('(', _) => Symbol(TokenKind.LeftParen, 1),
            (')', _) => Symbol(TokenKind.RightParen, 1),
            ('[', _) => Symbol(TokenKind.LeftBracket, 1),
            (']', _) => Symbol(TokenKind.RightBracket, 1),
            (',', _) => Symbol(TokenKind.Comma, 1),
            ('.', _) => Symbol(TokenKind.Dot, 1),
            ('=', _) => throw new ExpressionException(start, "unexpected '='; use '==' to compare"),
            ('&', _) => throw new ExpressionException(start, "unexpected '&'; use '&&' or 'and'"),
            ('|', _) => throw new ExpressionException(start, "unexpected '|'; use '||' or 'or'"),
            _ => throw new ExpressionException(start, $"unexpected character '{c}'"),
        };
    }

    private Token Symbol(TokenKind kind, int length)
    {
        var token = new Token(kind, _position, text.Substring(_position, length));
        _position += length;
        return token;
    }

    private Token ReadString(char quote)
    {
        var start = _position;
        var builder = new StringBuilder();
        _position++;
        while (_position < text.Length)
        {
            var c = text[_position++];
            if (c == quote)
            {
                return new Token(TokenKind.String, start, text[start.._position], builder.ToString());
            }

            // Only quotes and backslash are escapes; any other backslash is kept, so regex patterns like '\d+' read as written.
            if (c == '\\' && _position < text.Length && text[_position] is '\'' or '"' or '\\')
            {
                c = text[_position++];
            }

            builder.Append(c);
        }

        throw new ExpressionException(start, $"unterminated string; expected a closing {quote} before the end of expression");
    }

    private Token ReadNumber()
    {
        var start = _position;
        if (text[_position] == '-')
        {
            _position++;
        }

        SkipDigits();
        if (_position + 1 < text.Length && text[_position] == '.' && char.IsAsciiDigit(text[_position + 1]))
        {
            _position++;
            SkipDigits();
        }

        return new Token(TokenKind.Number, start, text[start.._position]);
    }

    private void SkipDigits()
    {
        while (_position < text.Length && char.IsAsciiDigit(text[_position]))
        {
            _position++;
        }
    }

    private Token ReadWord()
    {
        var start = _position;
        while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
        {
            _position++;
        }

        var word = text[start.._position];
        var kind = word switch
        {
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "null" => TokenKind.Null,
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "not" => TokenKind.Not,
            "in" => TokenKind.In,
            "contains" => TokenKind.Contains,
            "starts_with" => TokenKind.StartsWith,
            "ends_with" => TokenKind.EndsWith,
            "matches" => TokenKind.Matches,
            _ => TokenKind.Identifier,
        };
        return new Token(kind, start, word);
    }
}
