using System.Runtime.CompilerServices;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Configuration;

/// <summary>Parses the expressions of a configuration once (rules, conditions) and caches them by the list they came from.</summary>
public static class PolicyExpressions
{
    /// <summary>The names an expression may start with.</summary>
    public static readonly IReadOnlyCollection<string> Roots = ["args", "tool", "connector", "agent", "env", "workflow", "action", "state", "result"];

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
}
