using System.Text.RegularExpressions;
using McpGateway.Connectors.Connections;

namespace McpGateway.Flows.Definition;

internal sealed partial class FlowDefinitionParser
{
    /// <summary>
    /// <c>{{ connections.NAME.FIELD }}</c> references: only in a tool step's <c>args</c> (where the value goes to the tool
    /// and nowhere else: an output, a message or a sub-flow's inputs would keep it in the run's records), each a plain
    /// path of a connection and one of its fields. Returns the connections and fields named.
    /// </summary>
    private List<ConnectionReference> CheckConnections()
    {
        var references = new List<ConnectionReference>();
        foreach (var (path, expression) in _stepExpressions.Values.SelectMany(e => e).Concat(_outputExpressions))
        {
            var named = expression.Paths.Where(p => p == ConnectionReference.Root || p.StartsWith(ConnectionReference.Root + ".", StringComparison.Ordinal)).ToList();
            if (named.Count == 0)
            {
                continue;
            }

            if (!ToolArgsPath().IsMatch(path))
            {
                _errors.Add($"{path}: {{{{ {named[0]} }}}} may be used only in a tool step's args (the value goes to the tool and is never kept in the run)");
                continue;
            }

            var parts = named[0].Split('.');
            if (named.Count > 1 || expression.Text != named[0] || parts.Length != 3 || ConnectionValues.NameError(parts[1]) is not null || parts[2].Length == 0)
            {
                _errors.Add($"{path}: write a connection's field as {{{{ connections.NAME.FIELD }}}} on its own, e.g. {{{{ connections.crm.api_key }}}} " +
                    "(a template cannot name a connection whose name has '-': use one named with '_')");
                continue;
            }

            references.Add(new ConnectionReference(parts[1], parts[2]));
        }

        return references.Distinct().ToList();
    }

    // steps[i] (key).args… or a loop body's steps[i] (key).do.args…
    [GeneratedRegex(@"^steps\[\d+\]( \([^)]*\))?(\.do)?\.args([.\[]|$)")]
    private static partial Regex ToolArgsPath();
}
