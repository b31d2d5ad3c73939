using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Creates runs (or finds the deduplicated one) and queues them: the version to run, its environment, and the inputs
/// checked against its schema. Used by the run API and by sub-flow steps.
/// </summary>
internal sealed class RunLauncher(IFlowStore flows, IRunStore runs, FlowDefinitionCache definitions, FlowEngineOptions options,
    TimeProvider time, RunQueue queue, RunSignals signals)
{
    public async Task<RunStartResult> StartAsync(RunStart start, string? keyId, string? agent, string? parentRunId, string? parentStep, CancellationToken cancellationToken)
    {
        var flow = await flows.GetFlowAsync(start.Flow, cancellationToken);
        if (flow is null)
        {
            return Refused(FlowErrorCodes.NotFound, $"No flow '{start.Flow}'.");
        }

        FlowVersion? version;
        if (start.Version is null)
        {
            version = flow.PublishedVersion is { } p ? await flows.GetVersionAsync(flow.Id, p, cancellationToken) : null;
            if (version is null)
            {
                return Refused(FlowErrorCodes.NotRunnable, $"Flow '{flow.Name}' has no published version; publish one or run a version as a test.");
            }
        }
        else
        {
            version = start.Version == "latest"
                ? await flows.GetLatestVersionAsync(flow.Id, cancellationToken)
                : int.TryParse(start.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? await flows.GetVersionAsync(flow.Id, n, cancellationToken) : null;
            if (version is null)
            {
                return Refused(FlowErrorCodes.NotFound, $"Flow '{flow.Name}' has no version '{start.Version}'.");
            }
        }

        var environment = start.Environment ?? (version.Number == flow.PublishedVersion ? RunEnvironments.Production : RunEnvironments.Testing);
        if (environment == RunEnvironments.Production && version.Number != flow.PublishedVersion)
        {
            return Refused(FlowErrorCodes.NotRunnable, $"Version {version.Number} of '{flow.Name}' is not the published one; run it as TESTING.");
        }

        if (environment == RunEnvironments.Production && flow.Status != FlowStatuses.Enabled)
        {
            return Refused(FlowErrorCodes.NotRunnable, $"Flow '{flow.Name}' is disabled; enable it, or run a version as a test.");
        }

        var (compiled, errors) = definitions.Get(version);
        if (compiled is null)
        {
            return Refused(FlowErrorCodes.Invalid, $"Version {version.Number} of '{flow.Name}' is not valid and cannot run.", errors);
        }

        var inputs = start.Inputs ?? [];
        if (compiled.InputsSchema is { } schema)
        {
            var check = schema.Check(JsonSerializer.SerializeToElement<JsonNode>(inputs), "inputs");
            if (!check.IsValid)
            {
                return Refused(FlowErrorCodes.Invalid, $"The inputs do not match the inputs schema of '{flow.Name}' (version {version.Number}).",
                    check.UnusableReason is { } reason ? [$"inputs: the schema cannot be used: {reason}"] : [.. check.Violations]);
            }
        }

        var (fromRunId, copied, refusal) = await RunRange.CopiedNodesAsync(runs, flow, compiled, start, cancellationToken);
        if (refusal is not null)
        {
            return new RunStartResult(null, false, refusal);
        }

        var now = time.GetUtcNow();
        var run = new FlowRun
        {
            Id = FlowIds.New("run_"),
            FlowId = flow.Id,
            FlowName = flow.Name,
            Version = version.Number,
            Environment = environment,
            Origin = start.Origin,
            Inputs = (JsonObject)inputs.DeepClone(),
            CreatedAt = now,
            ParentRunId = parentRunId,
            ParentStep = parentStep,
            Tags = start.Tags,
            DedupKey = start.DedupKey,
            TimeoutAt = now + RunTimeout(compiled),
            KeyId = keyId,
            Agent = agent,
            FromRunId = fromRunId,
            FromStep = start.FromStep,
            ToStep = start.ToStep,
        };

        // The copied nodes are written before the run exists, so no engine can claim the run without them.
        foreach (var node in copied)
        {
            await runs.SaveNodeAsync(node with { RunId = run.Id, CopiedFrom = node.CopiedFrom ?? node.RunId }, cancellationToken);
        }

        var (stored, created) = await runs.CreateRunAsync(run, cancellationToken);
        if (created)
        {
            FlowsDiagnostics.RunsStarted.Add(1, new KeyValuePair<string, object?>("origin", stored.Origin));
            signals.Publish(null, stored, null, 0, stored.Status, "created");
        }

        if (!RunStatuses.IsTerminal(stored.Status))
        {
            queue.Enqueue(stored.Id);
        }

        return new RunStartResult(stored, created, null);
    }

    /// <summary>The flow's own timeout, else the longest a run may take.</summary>
    public TimeSpan RunTimeout(CompiledFlow flow)
    {
        var limit = options.Limits.MaxRunDuration < FlowEngineDefaults.MaxRunDurationCeiling ? options.Limits.MaxRunDuration : FlowEngineDefaults.MaxRunDurationCeiling;
        return flow.Timeout is { } timeout && timeout < limit ? timeout : limit;
    }

    public static RunStartResult Refused(string code, string message, IReadOnlyList<string>? errors = null) =>
        new(null, false, new FlowError(code, message, errors));
}
