using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Configuration;

/// <summary>Parses the expressions of a configuration once (rules, conditions) and caches them by the list they came from.</summary>
public static class PolicyExpressions
{
    /// <summary>The names an expression may start with.</summary>
    public static readonly IReadOnlyCollection<string> Roots = ["args", "tool", "connector", "card", "agent", "env", "workflow", "action", "state", "result"];

    private static readonly ConditionalWeakTable<IReadOnlyList<RuleConfig>, CompiledRule[]> Rules = [];
    private static readonly ConditionalWeakTable<IReadOnlyList<ConditionConfig>, ConditionExpression[]> Conditions = [];

    /// <summary>The rules with parsed conditions (already validated at load time).</summary>
    internal static CompiledRule[] Compile(IReadOnlyList<RuleConfig> rules, string source) =>
        rules.Count == 0 ? [] : Rules.GetValue(rules, list => list.Select((r, i) => new CompiledRule(
            r, string.IsNullOrWhiteSpace(r.When) ? null : ConditionExpression.Parse(r.When, Roots), $"{source}[{i}]")).ToArray());

    /// <summary>The conditions, parsed.</summary>
    public static ConditionExpression[] Compile(IReadOnlyList<ConditionConfig> conditions) =>
        conditions.Count == 0 ? [] : Conditions.GetValue(conditions, list => list.Select(Parse).ToArray());

    /// <summary>One condition: a field shorthand or a whole expression.</summary>
    public static ConditionExpression Parse(ConditionConfig c) =>
        c.Field is null ? ConditionExpression.Parse(c.Text) : ConditionExpression.ParseFieldCondition(c.Field, c.Text);

    /// <summary>
    /// The scope conditions on a state are evaluated in: the state's own fields at the top (so the field shorthand
    /// <c>balance: "&gt; 0"</c> reads <c>balance</c>), the state again under <paramref name="name"/>, and the call's arguments.
    /// </summary>
    public static JsonObject StateScope(JsonObject state, JsonObject? arguments, string name = "state")
    {
        var scope = (JsonObject)state.DeepClone();
        scope[name] = state.DeepClone();
        if (arguments is not null)
        {
            scope["args"] = arguments.DeepClone();
        }

        return scope;
    }

    /// <summary>
    /// The text of each condition that does not hold in <paramref name="scope"/>, in order. A condition whose
    /// <c>matches</c> test ran past its time limit on this input does not hold either (it is listed with a note saying so).
    /// </summary>
    public static List<string> Failed(IReadOnlyList<ConditionConfig> conditions, JsonObject scope) => Check(conditions, scope).Failed;

    /// <summary>
    /// <see cref="Failed"/>, and whether any condition could not be decided because its <c>matches</c> test ran past its
    /// time limit: a caller for whom "does not hold" is not the safe answer (a probe) tells the two apart with it.
    /// </summary>
    public static (List<string> Failed, bool TimedOut) Check(IReadOnlyList<ConditionConfig> conditions, JsonObject scope)
    {
        var failed = new List<string>();
        var timedOut = false;
        foreach (var condition in Compile(conditions))
        {
            try
            {
                if (!condition.Evaluate(scope))
                {
                    failed.Add(condition.Text);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                timedOut = true;
                failed.Add($"{condition.Text} (undecidable: its matches test ran past {MatchesNode.Timeout.TotalMilliseconds:0}ms on this input)");
            }
        }

        return (failed, timedOut);
    }
}
