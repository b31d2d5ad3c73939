using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

internal sealed partial class FlowDefinitionParser
{
    private List<FlowEdge> ValidateGraph(List<FlowStep> steps, JsonArray stepNodes)
    {
        var keys = steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var edges = new List<FlowEdge>();
        var named = false;
        foreach (var step in steps)
        {
            void Target(string target, string field, bool branch, bool incoming)
            {
                named = true;
                if (!keys.Contains(target))
                {
                    _errors.Add($"{step.Path}.{field}: '{target}' names no step");
                }
                else
                {
                    edges.Add(incoming ? new FlowEdge(target, step.Key, false) : new FlowEdge(step.Key, target, branch));
                }
            }

            foreach (var n in step.Next)
            {
                Target(n, "next", branch: false, incoming: false);
            }

            for (var i = 0; i < step.Routes.Count; i++)
            {
                foreach (var n in step.Routes[i].Next)
                {
                    Target(n, $"routes[{i}].next", branch: true, incoming: false);
                }
            }

            foreach (var n in step.Default)
            {
                Target(n, "default", branch: true, incoming: false);
            }

            foreach (var d in step.DependsOn)
            {
                Target(d, "depends_on", branch: false, incoming: true);
            }
        }

        if (!named && stepNodes.Count == steps.Count)
        {
            // Nothing names an order: the steps run in the listed order.
            for (var i = 1; i < steps.Count; i++)
            {
                edges.Add(new FlowEdge(steps[i - 1].Key, steps[i].Key, false));
            }
        }

        var ancestors = FindCycles(steps, edges) ? null : Ancestors(steps, edges);
        CheckReferences(keys, ancestors);
        return edges;
    }

    private bool FindCycles(List<FlowStep> steps, List<FlowEdge> edges)
    {
        var indegree = steps.ToDictionary(s => s.Key, s => 0, StringComparer.Ordinal);
        foreach (var e in edges)
        {
            if (indegree.TryGetValue(e.To, out var d))
            {
                indegree[e.To] = d + 1;
            }
        }

        var ready = new Queue<string>(indegree.Where(p => p.Value == 0).Select(p => p.Key));
        while (ready.TryDequeue(out var key))
        {
            indegree.Remove(key);
            foreach (var e in edges.Where(e => e.From == key && indegree.ContainsKey(e.To)))
            {
                if (--indegree[e.To] == 0)
                {
                    ready.Enqueue(e.To);
                }
            }
        }

        if (indegree.Count == 0)
        {
            return false;
        }

        var inCycle = steps.Where(s => indegree.ContainsKey(s.Key)).Select(s => s.Key);
        _errors.Add($"steps: the steps {string.Join(", ", inCycle)} form a cycle (or wait on one)");
        return true;
    }

    private static Dictionary<string, HashSet<string>> Ancestors(List<FlowStep> steps, List<FlowEdge> edges)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Of(string key)
        {
            if (result.TryGetValue(key, out var known))
            {
                return known;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in edges.Where(e => e.To == key))
            {
                set.Add(e.From);
                set.UnionWith(Of(e.From));
            }

            result[key] = set;
            return set;
        }

        foreach (var s in steps)
        {
            Of(s.Key);
        }

        return result;
    }

    private void CheckReferences(HashSet<string> keys, Dictionary<string, HashSet<string>>? ancestors)
    {
        foreach (var (stepKey, expressions) in _stepExpressions)
        {
            foreach (var (path, expression) in expressions)
            {
                foreach (var referenced in ReferencedSteps(expression.Paths))
                {
                    if (!keys.Contains(referenced))
                    {
                        _errors.Add($"{path}: 'steps.{referenced}' names no step");
                    }
                    else if (ancestors is not null && ancestors.TryGetValue(stepKey, out var upstream) && !upstream.Contains(referenced))
                    {
                        _errors.Add($"{path}: 'steps.{referenced}' is not upstream of this step");
                    }
                }
            }
        }

        foreach (var (path, expression) in _outputExpressions)
        {
            foreach (var referenced in ReferencedSteps(expression.Paths).Where(r => !keys.Contains(r)))
            {
                _errors.Add($"{path}: 'steps.{referenced}' names no step");
            }
        }
    }

    private static IEnumerable<string> ReferencedSteps(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (!path.StartsWith("steps.", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = path["steps.".Length..];
            var end = rest.IndexOfAny(['.', '[']);
            yield return end < 0 ? rest : rest[..end];
        }
    }
}
