using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Checks a start's step range (<see cref="RunStart.FromStep"/>, <see cref="RunStart.FromRun"/>, <see cref="RunStart.ToStep"/>)
/// against the version to run, and reads the nodes a start from a step takes over from the earlier run.
/// </summary>
internal static class RunRange
{
    /// <summary>
    /// The earlier run's id and the nodes to copy from it (every node of every step the start step depends on), or why
    /// the range is refused: an unknown step, a run of another flow, or a predecessor without an output in that run.
    /// </summary>
    public static async Task<(string? FromRunId, IReadOnlyList<NodeExecution> Nodes, FlowError? Refusal)> CopiedNodesAsync(
        IRunStore runs, FlowRecord flow, CompiledFlow compiled, RunStart start, CancellationToken cancellationToken)
    {
        if (start.ToStep is { } to && !compiled.StepsByKey.ContainsKey(to))
        {
            return Refused(FlowErrorCodes.Invalid, $"to_step_key '{to}' is not a step of '{flow.Name}' (steps: {Keys(compiled)}).");
        }

        if (start.FromStep is null && start.FromRun is null)
        {
            return (null, [], null);
        }

        if (start.FromStep is null || start.FromRun is null)
        {
            return Refused(FlowErrorCodes.Invalid, "from_step_key and from_run go together: the step to start at and the run whose earlier outputs to take.");
        }

        var from = start.FromStep;
        if (!compiled.StepsByKey.ContainsKey(from))
        {
            return Refused(FlowErrorCodes.Invalid, $"from_step_key '{from}' is not a step of '{flow.Name}' (steps: {Keys(compiled)}).");
        }

        if (start.ToStep is { } end && end != from && !compiled.Ancestors(end).Contains(from))
        {
            return Refused(FlowErrorCodes.Invalid, $"to_step_key '{end}' does not depend on from_step_key '{from}', so nothing from there leads to it.");
        }

        var earlier = await runs.GetRunAsync(start.FromRun, cancellationToken);
        if (earlier is null)
        {
            return Refused(FlowErrorCodes.NotFound, $"No run '{start.FromRun}' (from_run).");
        }

        if (earlier.FlowId != flow.Id)
        {
            return Refused(FlowErrorCodes.Invalid, $"Run {earlier.Id} is a run of '{earlier.FlowName}', not of '{flow.Name}'.");
        }

        var before = compiled.Ancestors(from);
        var nodes = await runs.ListNodesAsync(earlier.Id, cancellationToken);
        var missing = before
            .Where(key => nodes.FirstOrDefault(n => n.StepKey == key && n.Iteration == 0) is not { Status: NodeStatuses.Succeeded or NodeStatuses.Skipped })
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            var states = missing.Select(key => $"'{key}' ({nodes.FirstOrDefault(n => n.StepKey == key && n.Iteration == 0)?.Status ?? "not run"})");
            return Refused(FlowErrorCodes.Invalid,
                $"Run {earlier.Id} has no output of {string.Join(", ", states)}, which '{from}' depends on; start from an earlier step.");
        }

        return (earlier.Id, nodes.Where(n => before.Contains(n.StepKey)).ToList(), null);
    }

    private static (string?, IReadOnlyList<NodeExecution>, FlowError?) Refused(string code, string message) =>
        (null, [], new FlowError(code, message, null));

    private static string Keys(CompiledFlow compiled) => string.Join(", ", compiled.Steps.Select(s => s.Key));
}
