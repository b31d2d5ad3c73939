namespace McpGateway.Policy.Expressions;

/// <summary>
/// The size and nesting limits of the condition language, in one place. A real rule or condition is a line or two;
/// these bound what a hostile or broken one can cost to parse and evaluate (the parser rejects anything over them).
/// </summary>
public static class ExpressionLimits
{
    /// <summary>The longest expression text accepted, in characters (16 KB).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The deepest nesting of parentheses, lists and <c>not</c> accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>How much of a rejected expression an error message quotes.</summary>
    public const int QuotedLength = 80;

    /// <summary>
    /// The expression as an error message quotes it: whole when short, else its first <see cref="QuotedLength"/>
    /// characters and its length, so an oversized input is never echoed back whole.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= QuotedLength ? text : $"{text[..QuotedLength]}… ({text.Length} characters)";
    }
}
