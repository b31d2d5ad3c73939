namespace McpGateway.Flows.Definition;

/// <summary>The steps of a definition as numbers (their listed order) with the successors of each: for linear-time checks.</summary>
internal sealed class StepGraph
{
    private readonly Dictionary<string, int> _index;

    public StepGraph(IReadOnlyList<FlowStep> steps, IReadOnlyList<FlowEdge> edges)
    {
        _index = new Dictionary<string, int>(steps.Count, StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            _index.TryAdd(steps[i].Key, i);
        }

        var outgoing = new List<int>[steps.Count];
        for (var i = 0; i < outgoing.Length; i++)
        {
            outgoing[i] = [];
        }

        foreach (var edge in edges)
        {
            if (_index.TryGetValue(edge.From, out var from) && _index.TryGetValue(edge.To, out var to))
            {
                outgoing[from].Add(to);
            }
        }

        Outgoing = outgoing;
    }

    /// <summary>The successors of each step, by number.</summary>
    public IReadOnlyList<List<int>> Outgoing { get; }

    /// <summary>The step's number, or -1 when no step has that key.</summary>
    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;
}
