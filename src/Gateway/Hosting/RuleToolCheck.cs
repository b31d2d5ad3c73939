using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Expressions;

namespace McpGateway.Hosting;

/// <summary>
/// Once the connectors have started (and after each reload), warns about a policy rule that compares <c>tool</c> with a
/// name no connected connector has (<c>tool == 'demo__set_invoce'</c>): such a rule can never match, which is almost always
/// a typo. One warning line per name, with the closest tool. Names of connectors that are down, flows and the gateway's
/// own tools are not judged.
/// </summary>
internal static partial class RuleToolCheck
{
    public static async Task WarnAsync(PolicyConfig policy, UpstreamHub hub, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await hub.WhenStartedAsync(cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return; // stopping
        }

        var catalog = hub.Catalog.Current;
        var known = catalog.Cards.Select(c => c.Name).ToList();
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            ConditionExpression expression;
            try
            {
                expression = ConditionExpression.Parse(policy.Rules[i].When);
            }
            catch (ExpressionException)
            {
                continue; // the load already refused it
            }

            foreach (var name in expression.StringsComparedWith("tool"))
            {
                if (!known.Contains(name, StringComparer.Ordinal) && Judged(name, hub))
                {
                    var hint = Suggestions.Closest(name, known);
                    Log.RuleNamesNoTool(logger, i, name, hint is null ? "" : $"; did you mean '{hint}'?");
                }
            }
        }
    }

    // A name of a connector that is not connected may be right; a flow's or the gateway's own tool is not in the catalog.
    private static bool Judged(string name, UpstreamHub hub)
    {
        var sep = name.IndexOf(ToolNaming.Separator, StringComparison.Ordinal);
        var prefix = sep > 0 ? name[..sep] : null;
        return prefix is not ("flow" or "gateway") &&
            (prefix is null || !hub.TryGet(prefix, out var connection) || connection.Status.State == UpstreamState.Connected);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "policy.rules[{Index}] compares tool with '{Tool}', which no connector has: the rule cannot match that name{Hint}")]
        public static partial void RuleNamesNoTool(ILogger logger, int index, string tool, string hint);
    }
}
