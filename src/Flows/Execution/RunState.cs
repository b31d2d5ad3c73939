using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// One run while a worker executes it: the pinned compiled version and the committed nodes (the store's view, kept in
/// memory because this engine holds the run's lease and is its only writer).
/// </summary>
internal sealed class RunState(FlowRun run, CompiledFlow flow, IReadOnlyList<NodeExecution> nodes, CancellationToken cancellationToken)
{
    /// <summary>Why a node is skipped because no taken branch leads to it (its own edges are dead too).</summary>
    public const string DeadPath = "not on a taken branch";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string, int), NodeExecution> _nodes = nodes.ToDictionary(n => (n.StepKey, n.Iteration));

    // The steps' own nodes (iteration 0) again, so building the variables does not walk a loop's iterations: with them
    // it cost each iteration time in proportion to the iterations before it.
    private readonly Dictionary<string, NodeExecution> _stepNodes = nodes.Where(n => n.Iteration == 0).ToDictionary(n => n.StepKey, StringComparer.Ordinal);

    private string? _pauseReason = run.PauseReason;

    public FlowRun Run { get; set; } = run;

    public CompiledFlow Flow { get; } = flow;

    /// <summary>
    /// Set while a pause is requested (from the store at the start and at each heartbeat, or at once by a pause on this
    /// process): no new step starts.
    /// </summary>
    public string? PauseReason
    {
        get => Volatile.Read(ref _pauseReason);
        set => Volatile.Write(ref _pauseReason, value);
    }

    /// <summary>The steps this run executes: all, or for a run to a step, that step and what it depends on.</summary>
    public IReadOnlySet<string>? Scope { get; } = run.ToStep is { } to && flow.StepsByKey.ContainsKey(to)
        ? new HashSet<string>(flow.Ancestors(to), StringComparer.Ordinal) { to }
        : null;

    /// <summary>True when the run executes this step (see <see cref="Scope"/>).</summary>
    public bool InScope(FlowStep step) => Scope?.Contains(step.Key) != false;

    /// <summary>Cancelled on cancel request, run timeout or engine stop.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public NodeExecution? Node(string key, int iteration)
    {
        lock (_gate)
        {
            return _nodes.GetValueOrDefault((key, iteration));
        }
    }

    public void Set(NodeExecution node)
    {
        lock (_gate)
        {
            _nodes[(node.StepKey, node.Iteration)] = node;
            if (node.Iteration == 0)
            {
                _stepNodes[node.StepKey] = node;
            }
        }
    }

    public List<NodeExecution> Snapshot()
    {
        lock (_gate)
        {
            return [.. _nodes.Values];
        }
    }

    /// <summary>Steps whose node is finished.</summary>
    public int Completed
    {
        get
        {
            lock (_gate)
            {
                return Flow.Steps.Count(s => _nodes.TryGetValue((s.Key, 0), out var n) && NodeStatuses.IsFinished(n.Status));
            }
        }
    }

    /// <summary>
    /// The nodes the run will have, as far as is known: one per step, plus one per item of each loop whose items are
    /// rendered (a loop's count is known only once it starts, so this grows then).
    /// </summary>
    public int KnownNodes
    {
        get
        {
            lock (_gate)
            {
                return Flow.Steps.Count + Flow.Steps
                    .Where(s => s.Type == StepTypes.Loop)
                    .Sum(s => _nodes.TryGetValue((s.Key, 0), out var n) && n.Input is JsonArray items ? items.Count : 0);
            }
        }
    }

    /// <summary>
    /// The template variables: inputs, steps (output, status, error), run, the loop item when given, and the references of
    /// the connection fields the flow names (never their values).
    /// </summary>
    public JsonObject Variables(JsonNode? item = null, int? index = null)
    {
        var steps = new JsonObject();
        lock (_gate)
        {
            foreach (var (key, node) in _stepNodes)
            {
                steps[key] = new JsonObject { ["output"] = node.Output?.DeepClone(), ["status"] = node.Status, ["error"] = node.Error };
            }
        }

        var variables = new JsonObject
        {
            ["inputs"] = Run.Inputs?.DeepClone() ?? new JsonObject(),
            ["steps"] = steps,
            ["run"] = new JsonObject { ["id"] = Run.Id, ["flow"] = Run.FlowName, ["version"] = Run.Version },
        };
        if (Flow.Connections.Count > 0)
        {
            // Each referenced field renders as its own reference: values are resolved only for the call (ConnectionArguments).
            var connections = new JsonObject();
            foreach (var reference in Flow.Connections)
            {
                var fields = connections[reference.Name] as JsonObject ?? (JsonObject)(connections[reference.Name] = new JsonObject());
                fields[reference.Field] = reference.Marker;
            }

            variables[ConnectionReference.Root] = connections;
        }

        if (index is not null)
        {
            variables["loop"] = new JsonObject { ["item"] = item?.DeepClone(), ["index"] = index };
        }

        return variables;
    }

    /// <summary>True when every edge into the step is dead (and it has at least one).</summary>
    public bool IsDead(FlowStep step)
    {
        var incoming = Flow.Incoming[step.Key];
        return incoming.Count > 0 && incoming.All(IsDead);
    }

    /// <summary>
    /// True when every predecessor of the step is finished and none of them failed without <c>continue_on_error</c>. A
    /// pass stops starting steps once it sees a failure, but a failure committed by another pass or process must stop a
    /// successor too: a step after a failed one (a charge after a rejected approval) never starts.
    /// </summary>
    public bool PredecessorsFinished(FlowStep step) =>
        Flow.Incoming[step.Key].All(e => Node(e.From, 0) is { } n && NodeStatuses.IsFinished(n.Status) &&
            (n.Status != NodeStatuses.Failed || Flow.StepsByKey[e.From].ContinueOnError));

    private bool IsDead(FlowEdge edge)
    {
        var from = Node(edge.From, 0);
        if (from is null || (from.Status == NodeStatuses.Skipped && from.Error == DeadPath))
        {
            return true;
        }

        if (!edge.IsBranch)
        {
            return false;
        }

        return from.Status != NodeStatuses.Succeeded ||
            from.Output?["taken"] is not JsonArray taken ||
            !taken.Any(t => t?.GetValue<string>() == edge.To);
    }
}
