using McpGateway.Policy.Stages.Schema;

namespace McpGateway.Flows.Definition;

/// <summary>A validated, immutable flow version: steps in listed order, the edges between them, templates parsed.</summary>
internal sealed class CompiledFlow
{
    public CompiledFlow(IReadOnlyList<FlowStep> steps, IReadOnlyList<FlowEdge> edges, CompiledSchema? inputs, FlowTrigger? trigger,
        TimeSpan? timeout, FlowTemplate? output)
    {
        Steps = steps;
        StepsByKey = steps.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var incoming = edges.ToLookup(e => e.To, StringComparer.Ordinal);
        Incoming = steps.ToDictionary(s => s.Key, s => (IReadOnlyList<FlowEdge>)incoming[s.Key].ToArray(), StringComparer.Ordinal);
        InputsSchema = inputs;
        Trigger = trigger;
        Timeout = timeout;
        Output = output;
    }

    public IReadOnlyList<FlowStep> Steps { get; }

    public IReadOnlyDictionary<string, FlowStep> StepsByKey { get; }

    /// <summary>The edges into each step.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FlowEdge>> Incoming { get; }

    /// <summary>The inputs schema; null when the version declares none or it constrains nothing.</summary>
    public CompiledSchema? InputsSchema { get; }

    public FlowTrigger? Trigger { get; }

    public TimeSpan? Timeout { get; }

    public FlowTemplate? Output { get; }

    /// <summary>The connection fields the tool steps' arguments name.</summary>
    public IReadOnlyList<ConnectionReference> Connections { get; init; } = [];

    /// <summary>Every step <paramref name="key"/> depends on, directly or through others (edges into it, transitively).</summary>
    public HashSet<string> Ancestors(string key)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([key]);
        while (pending.TryPop(out var next))
        {
            foreach (var edge in Incoming.GetValueOrDefault(next) ?? [])
            {
                if (found.Add(edge.From))
                {
                    pending.Push(edge.From);
                }
            }
        }

        return found;
    }
}
