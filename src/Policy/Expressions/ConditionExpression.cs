using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>
/// A parsed condition such as <c>tool == 'git__push' and args.branch == 'main'</c>. Parse once, then evaluate
/// against many variable sets; evaluation never re-reads the text and never throws for missing data.
/// </summary>
/// <remarks>
/// Paths name values in the variables object (<c>args.items[0].sku</c>); a missing value is null.
/// Comparing values of different types is false, not an error. <c>and</c>, <c>or</c> and <c>not</c> yield booleans.
/// Text longer than <see cref="ExpressionLimits.MaxLength"/> or nested deeper than <see cref="ExpressionLimits.MaxDepth"/>
/// is rejected when parsed, so evaluating a parsed expression never runs deep.
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed partial class ConditionExpression
{
    private readonly ExpressionNode _root;

    private ConditionExpression(string text, ExpressionNode root, List<string> paths)
    {
        Text = text;
        _root = root;
        Paths = paths.AsReadOnly();
    }

    /// <summary>The expression text; for a field condition, the equivalent full expression (<c>balance &gt; 0</c>).</summary>
    public string Text { get; }

    /// <summary>Every path the expression reads, without duplicates, e.g. <c>args.branch</c>, <c>state.balance</c>.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Parses an expression; any root name is accepted.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression.</exception>
    public static ConditionExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Create(text, allowedRoots: null);
    }

    /// <summary>Parses an expression whose paths must start with one of <paramref name="allowedRoots"/>.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression or uses an unknown root name.</exception>
    public static ConditionExpression Parse(string text, IReadOnlyCollection<string> allowedRoots)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowedRoots);
        return Create(text, allowedRoots);
    }

    /// <summary>Parses an expression, returning the error instead of throwing it.</summary>
    /// <param name="text">The expression text.</param>
    /// <param name="allowedRoots">The root names paths may start with, or null to accept any.</param>
    /// <param name="expression">The parsed expression, or null on error.</param>
    /// <param name="error">The parse error, or null on success.</param>
    /// <returns>True when the text parsed.</returns>
    public static bool TryParse(
        string text,
        IReadOnlyCollection<string>? allowedRoots,
        [NotNullWhen(true)] out ConditionExpression? expression,
        [NotNullWhen(false)] out ExpressionException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            expression = Create(text, allowedRoots);
            error = null;
            return true;
        }
        catch (ExpressionException ex)
        {
            expression = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Evaluates the expression and returns the truthiness of the result (null, false, 0, "" and [] are false).</summary>
    /// <exception cref="System.Text.RegularExpressions.RegexMatchTimeoutException">A <c>matches</c> test ran past its timeout.</exception>
    public bool Evaluate(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return _root.Evaluate(variables).IsTruthy;
    }

    /// <summary>Evaluates the expression and returns its value as a new node the caller may keep or attach elsewhere.</summary>
    /// <exception cref="System.Text.RegularExpressions.RegexMatchTimeoutException">A <c>matches</c> test ran past its timeout.</exception>
    public JsonNode? EvaluateValue(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return _root.Evaluate(variables).ToJsonNode();
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;

    /// <summary>
    /// The string constants the expression compares <paramref name="path"/> with (<c>==</c>, <c>!=</c>, <c>in</c>,
    /// <c>not in</c> a list): for <c>tool == 'billing__refund'</c> and <c>"tool"</c>, <c>billing__refund</c>. Lets a check
    /// at load time name a constant that can never match.
    /// </summary>
    public IReadOnlyList<string> StringsComparedWith(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = new List<string>();
        var pending = new Stack<ExpressionNode>([_root]);
        while (pending.TryPop(out var node))
        {
            if (node is ComparisonNode { Operator: ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.In or ComparisonOperator.NotIn } comparison)
            {
                var (other, isPath) = comparison.Left is PathNode l && l.Text == path ? (comparison.Right, true)
                    : comparison.Right is PathNode r && r.Text == path ? (comparison.Left, true) : (null, false);
                if (isPath)
                {
                    var constants = other is ListNode list ? list.Children : [other!];
                    found.AddRange(constants.OfType<LiteralNode>().Where(c => c.Value.Kind == ExpressionValueKind.String).Select(c => c.Value.AsString));
                }
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static ConditionExpression Create(string text, IReadOnlyCollection<string>? allowedRoots)
    {
        var parser = new Parser(text, allowedRoots);
        var root = parser.ParseExpression();
        return new ConditionExpression(text, root, parser.Paths);
    }
}
