using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>Counts a run's <see cref="RunUsage"/> from its nodes and its version's steps (which say what each node calls).</summary>
internal static class RunUsageCounter
{
    public static RunUsage Count(FlowRun run, IReadOnlyList<NodeExecution> nodes, CompiledFlow flow, DateTimeOffset now)
    {
        var steps = new List<StepUsage>();
        var connectors = new SortedDictionary<string, (int Calls, int Attempts)>(StringComparer.Ordinal);
        var byStep = nodes.ToLookup(n => n.StepKey, StringComparer.Ordinal);
        foreach (var step in flow.Steps)
        {
            var own = byStep[step.Key].ToList();
            var copiedFrom = own.Select(n => n.CopiedFrom).FirstOrDefault(c => c is not null);
            var ran = own.Where(n => n.CopiedFrom is null && n.StartedAt is not null).ToList();
            var calls = 0;
            var attempts = 0;
            foreach (var node in ran)
            {
                // A loop's items (iterations 1..n) run its body; the step's own node is the aggregate.
                var tool = node.Iteration == 0 ? step.Tool : step.Do?.Tool;
                if (tool is null || node.Attempts == 0)
                {
                    continue;
                }

                calls++;
                attempts += node.Attempts;
                var connector = tool.IndexOf("__", StringComparison.Ordinal) is > 0 and var at ? tool[..at] : tool;
                var (c, a) = connectors.GetValueOrDefault(connector);
                connectors[connector] = (c + 1, a + node.Attempts);
            }

            steps.Add(new StepUsage(step.Key, step.Type, ran.Count, calls, attempts, Span(ran, now), copiedFrom));
        }

        long? total = run.StartedAt is { } started ? Milliseconds((run.FinishedAt ?? now) - started) : null;
        return new RunUsage(steps.Sum(s => s.ToolCalls), steps.Sum(s => s.Attempts), total, steps,
            [.. connectors.Select(p => new ConnectorUsage(p.Key, p.Value.Calls, p.Value.Attempts))]);
    }

    private static long? Span(List<NodeExecution> nodes, DateTimeOffset now)
    {
        if (nodes.Count == 0)
        {
            return null;
        }

        var start = nodes.Min(n => n.StartedAt!.Value);
        // A node still running counts up to now.
        var end = nodes.Max(n => n.FinishedAt ?? now);
        return Milliseconds(end - start);
    }

    private static long Milliseconds(TimeSpan span) => Math.Max(0, (long)span.TotalMilliseconds);
}
