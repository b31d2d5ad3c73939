using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpGateway.Policy.Expressions;

/// <summary>
/// <c>text matches pattern</c>. A literal pattern is compiled once at parse time; a pattern read from a path is
/// looked up in the framework's regex cache, and one that is not a valid regex makes the test false.
/// </summary>
internal sealed class MatchesNode(ExpressionNode input, ExpressionNode pattern, Regex? compiled) : ExpressionNode
{
    public override IEnumerable<ExpressionNode> Children => [input, pattern];

    /// <summary>How long one match may run before <see cref="RegexMatchTimeoutException"/> is thrown.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>
    /// Compiles a literal pattern, preferring the linear-time engine so input cannot trigger catastrophic
    /// backtracking; patterns it does not support (backreferences, lookarounds) use the backtracking engine.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, Options | RegexOptions.NonBacktracking, Timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Options, Timeout);
        }
    }

    public override ExpressionValue Evaluate(JsonObject variables)
    {
        var text = input.Evaluate(variables);
        if (text.Kind != ExpressionValueKind.String)
        {
            return ExpressionValue.FromBoolean(false);
        }

        if (compiled is not null)
        {
            return ExpressionValue.FromBoolean(compiled.IsMatch(text.AsString));
        }

        var value = pattern.Evaluate(variables);
        if (value.Kind != ExpressionValueKind.String)
        {
            return ExpressionValue.FromBoolean(false);
        }

        try
        {
            return ExpressionValue.FromBoolean(Regex.IsMatch(text.AsString, value.AsString, Options, Timeout));
        }
        catch (ArgumentException)
        {
            return ExpressionValue.FromBoolean(false);
        }
    }
}
