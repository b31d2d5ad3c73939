using System.Text.RegularExpressions;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Expressions;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Rules;

/// <summary>
/// Policy as code: the tool's rules, then the global ones, first match wins → allow, deny, or require_approval (acted on
/// by the approval stage after idempotency). No match allows. A thawed call was already approved. A rule that cannot be
/// decided on the call's input (its <c>matches</c> test ran past its time limit) refuses the call, since it might deny it.
/// </summary>
public sealed class RulesStage(PolicyConfigSource policy) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "rules";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card!;
        var global = policy.Current.Rules;
        if (card.Rules.Count == 0 && global.Count == 0)
        {
            return next(context);
        }

        var (match, undecided) = Match(context, PolicyExpressions.Compile(card.Rules, "tool"));
        if (match is null && undecided is null)
        {
            (match, undecided) = Match(context, PolicyExpressions.Compile(global, "global"));
        }

        if (undecided is not null)
        {
            var limit = MatchesNode.Timeout.TotalMilliseconds;
            context.Record(Name, "undecidable", $"{undecided.Source}: a matches test ran past {limit:0}ms");
            return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.InvalidArguments,
                $"Policy rule {undecided.Source} could not be checked on these arguments: its 'matches' test ran past its {limit:0}ms " +
                "limit. Nothing was executed; do not retry these arguments as they are."));
        }

        if (match is null)
        {
            context.Record(Name, "no_match");
            return next(context);
        }

        var rule = match.Rule;
        switch (rule.Action)
        {
            case "deny":
                context.Record(Name, "deny", $"{match.Source}: {rule.Reason}");
                return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Denied, ToolCallFault.Forbidden,
                    $"Denied by policy{(rule.Reason is null ? "" : ": " + rule.Reason)}. Nothing was executed; do not retry this call as is."));
            case "require_approval" when context.Thaw is null:
                context.Record(Name, "require_approval", $"{match.Source}: {rule.Reason}");
                context.ApprovalRule = new RuleMatch(rule, match.Source);
                return next(context);
            case "require_approval":
                context.Record(Name, "approved", $"{match.Source}: approval {context.Thaw.Approval.Id}");
                return next(context);
            default:
                context.Record(Name, "allow", match.Source);
                return next(context);
        }
    }

    /// <summary>The first matching rule; or the rule that could not be evaluated, which stops the search (a later match must not win over it).</summary>
    private static (CompiledRule? Match, CompiledRule? Undecided) Match(ToolCallContext context, CompiledRule[] rules)
    {
        if (rules.Length == 0)
        {
            return default;
        }

        var vars = context.Variables;
        foreach (var rule in rules)
        {
            try
            {
                if (rule.When is null || rule.When.Evaluate(vars))
                {
                    return (rule, null);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return (null, rule);
            }
        }

        return default;
    }
}
