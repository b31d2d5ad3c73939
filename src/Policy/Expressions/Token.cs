namespace McpGateway.Policy.Expressions;

/// <summary>One token of an expression.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Position">The 0-based offset of its first character in the expression text.</param>
/// <param name="Text">The source text of the token, as written.</param>
/// <param name="Value">For a string literal, its value with escapes applied; otherwise null.</param>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, string? Value = null)
{
    /// <summary>True for identifiers and keywords, which may also name a member after a dot (<c>args.in</c>).</summary>
    public bool IsWord => Text.Length > 0 && (char.IsLetter(Text[0]) || Text[0] == '_');

    /// <summary>Describes the token for an error message: <c>'=='</c> or <c>end of expression</c>.</summary>
    public string Describe() => Kind == TokenKind.End ? "end of expression" : $"'{Text}'";
}
