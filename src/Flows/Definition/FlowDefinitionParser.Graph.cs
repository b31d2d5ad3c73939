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

        var graph = new StepGraph(steps, edges);
        var position = TopologicalPositions(steps, graph);
        CheckReferences(keys, graph, position);
        return edges;
    }

    /// <summary>
    /// Each step's place in a topological order (Kahn's algorithm, linear in steps and edges), or null when the steps
    /// form a cycle (reported).
    /// </summary>
    private int[]? TopologicalPositions(List<FlowStep> steps, StepGraph graph)
    {
        var count = steps.Count;
        var indegree = new int[count];
        for (var from = 0; from < count; from++)
        {
            foreach (var to in graph.Outgoing[from])
            {
                indegree[to]++;
            }
        }

        var ready = new Queue<int>();
        for (var i = 0; i < count; i++)
        {
            if (indegree[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var position = new int[count];
        Array.Fill(position, -1);
        var placed = 0;
        while (ready.TryDequeue(out var step))
        {
            position[step] = placed++;
            foreach (var to in graph.Outgoing[step])
            {
                if (--indegree[to] == 0)
                {
                    ready.Enqueue(to);
                }
            }
        }

        if (placed == count)
        {
            return position;
        }

        var inCycle = Enumerable.Range(0, count).Where(i => position[i] < 0).Select(i => steps[i].Key);
        _errors.Add($"steps: the steps {string.Join(", ", inCycle)} form a cycle (or wait on one)");
        return null;
    }

    /// <summary>
    /// Every <c>steps.x</c> an expression reads must name a step, and one upstream of the step reading it. Upstream is
    /// answered per referenced step by one walk forward from it, limited to the places in the topological order up to
    /// the furthest step reading it; nothing is kept per pair of steps, so memory stays linear in the flow's size, and a
    /// step read by the next one (the usual shape) costs a walk of one edge.
    /// </summary>
    private void CheckReferences(HashSet<string> keys, StepGraph graph, int[]? position)
    {
        var references = new List<(string Path, string Referenced, int Reader, int Target)>();
        foreach (var (stepKey, expressions) in _stepExpressions)
        {
            var reader = graph.IndexOf(stepKey);
            foreach (var (path, expression) in expressions)
            {
                foreach (var referenced in ReferencedSteps(expression.Paths))
                {
                    references.Add((path, referenced, reader, keys.Contains(referenced) ? graph.IndexOf(referenced) : -1));
                }
            }
        }

        var upstream = position is null ? null : Upstream(references, graph, position);
        for (var i = 0; i < references.Count; i++)
        {
            var (path, referenced, reader, target) = references[i];
            if (!keys.Contains(referenced))
            {
                _errors.Add($"{path}: 'steps.{referenced}' names no step");
            }
            else if (upstream is not null && reader >= 0 && target >= 0 && !upstream[i])
            {
                _errors.Add($"{path}: 'steps.{referenced}' is not upstream of this step");
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

    /// <summary>For each reference, whether its target is a proper ancestor of its reader.</summary>
    private static bool[] Upstream(List<(string Path, string Referenced, int Reader, int Target)> references, StepGraph graph, int[] position)
    {
        var result = new bool[references.Count];
        var byTarget = new Dictionary<int, List<int>>();
        for (var i = 0; i < references.Count; i++)
        {
            var (_, _, reader, target) = references[i];
            if (reader >= 0 && target >= 0 && position[target] < position[reader])
            {
                if (!byTarget.TryGetValue(target, out var list))
                {
                    byTarget[target] = list = [];
                }

                list.Add(i);
            }
        }

        // One stamp per walk: a step is reached in this walk when its stamp is the walk's number.
        var reached = new int[position.Length];
        var stamp = 0;
        var pending = new Stack<int>();
        foreach (var (target, readers) in byTarget)
        {
            stamp++;
            var furthest = readers.Max(i => position[references[i].Reader]);
            pending.Push(target);
            while (pending.TryPop(out var step))
            {
                foreach (var next in graph.Outgoing[step])
                {
                    if (reached[next] != stamp && position[next] <= furthest)
                    {
                        reached[next] = stamp;
                        pending.Push(next);
                    }
                }
            }

            foreach (var i in readers)
            {
                result[i] = reached[references[i].Reader] == stamp;
            }
        }

        return result;
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
