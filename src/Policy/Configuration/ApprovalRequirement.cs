using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Configuration;

/// <summary>
/// Whether a call of a tool will be held for approval, read from the rules as the rules stage would meet them (the tool's,
/// then the global ones, first match wins): <c>always</c>, <c>never</c>, or <c>conditional</c> when it depends on the
/// call. A rule whose condition reads only <c>tool</c>, <c>connector</c> and <c>card.*</c> is decided here for the tool;
/// one that reads anything of the call (arguments, agent, environment, ...) may or may not match it.
/// </summary>
public static class ApprovalRequirement
{
    /// <summary>Every call is held for approval.</summary>
    public const string Always = "always";

    /// <summary>Some calls are, depending on what they carry.</summary>
    public const string Conditional = "conditional";

    /// <summary>No rule holds a call of the tool.</summary>
    public const string Never = "never";

    private static readonly HashSet<string> ToolRoots = new(StringComparer.Ordinal) { "tool", "connector", "card" };

    /// <summary>The requirement for <paramref name="card"/> under its own rules and <paramref name="global"/>.</summary>
    public static string For(CapabilityCard card, IReadOnlyList<RuleConfig> global)
    {
        var variables = new JsonObject { ["tool"] = card.Name, ["connector"] = card.Connector, ["card"] = CardVariables.For(card) };
        var undecidedBefore = false;
        var approvalBefore = false;
        foreach (var rule in PolicyExpressions.Compile(card.Rules, "tool").Concat(PolicyExpressions.Compile(global, "global")))
        {
            var matches = Matches(rule, variables);
            if (matches == false)
            {
                continue;
            }

            var approval = rule.Rule.Action == "require_approval";
            if (matches == true)
            {
                // An earlier rule that depends on the call may take some calls first.
                return approval ? (undecidedBefore ? Conditional : Always) : (approvalBefore ? Conditional : Never);
            }

            undecidedBefore = true;
            approvalBefore |= approval;
        }

        return approvalBefore ? Conditional : Never;
    }

    /// <summary>True or false when the rule's condition reads only the tool's facts; null when it depends on the call.</summary>
    private static bool? Matches(CompiledRule rule, JsonObject variables)
    {
        if (rule.When is not { } when)
        {
            return true;
        }

        if (!when.Paths.All(p => ToolRoots.Contains(Root(p))))
        {
            return null;
        }

        try
        {
            return when.Evaluate(variables);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Root(string path)
    {
        var end = path.IndexOfAny(['.', '[']);
        return end < 0 ? path : path[..end];
    }
}
