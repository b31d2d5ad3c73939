using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    /// <summary>Creates a run (or finds the deduplicated one) and queues it; returns at once.</summary>
    public Task<RunStartResult> StartRunAsync(RunStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return StartCoreAsync(start, start.Key?.Id, start.Key?.Agent ?? start.Agent, null, null, cancellationToken);
    }

    /// <summary>
    /// Waits until the run is terminal, or paused on something a caller should not wait for: an approval (in it or in
    /// a sub-run), or a delay ending later than <see cref="FlowEngineOptions.WaitThroughPause"/>. Shorter delays and
    /// sub-runs are waited through, so a sync start of a flow with a 5 s delay answers with the outputs.
    /// </summary>
    public async Task<FlowRun> WaitAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = _changed.Task;
            var run = await _runs.GetRunAsync(runId, cancellationToken) ?? throw new KeyNotFoundException($"No run '{runId}'.");
            if (RunStatuses.IsTerminal(run.Status) || (run.Status == RunStatuses.Paused && await PausedForLongAsync(run, 0, cancellationToken)))
            {
                return run;
            }

            // In-process signal, with store polling as the fallback for runs executing on another replica.
            await Task.WhenAny(changed, Task.Delay(_options.PollInterval, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<bool> PausedForLongAsync(FlowRun run, int depth, CancellationToken cancellationToken)
    {
        if (depth > 8)
        {
            return true;
        }

        var horizon = _time.GetUtcNow() + _options.WaitThroughPause;
        foreach (var node in await _runs.ListNodesAsync(run.Id, cancellationToken))
        {
            if (node.Status != NodeStatuses.Paused)
            {
                continue;
            }

            if (node.ApprovalId is not null || node.WakeAt > horizon)
            {
                return true;
            }

            if (node.ChildRunId is { } childId && await _runs.GetRunAsync(childId, cancellationToken) is { Status: RunStatuses.Paused } child &&
                await PausedForLongAsync(child, depth + 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A run with its nodes, or null.</summary>
    public async Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        return run is null ? null : new RunDetails(run, await _runs.ListNodesAsync(runId, cancellationToken));
    }

    /// <summary>Cancels a run (a call in flight is cancelled too); a conflict when it is already terminal.</summary>
    public async Task<FlowResult<FlowRun>> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (!await _runs.RequestCancelAsync(runId, cancellationToken))
        {
            return FlowResult.Fail<FlowRun>(FlowErrorCodes.Conflict, $"Run {runId} is already {run.Status}.");
        }

        ActiveRun? active;
        lock (_activeGate)
        {
            _active.TryGetValue(runId, out active);
        }

        if (active is not null)
        {
            await active.Cancel.CancelAsync();
        }
        else
        {
            Enqueue(runId);
        }

        return FlowResult.Success(run with { CancelRequested = true });
    }

    /// <summary>
    /// Retries a FAILED, TIMEOUT or CANCELED run as <paramref name="key"/> (null: auth is off): whoever retries becomes
    /// the run's principal, so its tool steps act with the retrier's authority, never with the original starter's.
    /// </summary>
    public async Task<RunStartResult> RetryAsync(string runId, RetryMode mode, Policy.Keys.ApiKey? key, string? agent, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return Refused(FlowErrorCodes.NotFound, $"No run '{runId}'.");
        }

        if (run.Status is not (RunStatuses.Failed or RunStatuses.Timeout or RunStatuses.Canceled))
        {
            return Refused(FlowErrorCodes.Conflict, $"Run {runId} is {run.Status}; only FAILED, TIMEOUT or CANCELED runs are retried.");
        }

        if (mode == RetryMode.LatestVersion)
        {
            var again = new RunStart
            {
                Flow = run.FlowId,
                Version = "latest",
                Origin = run.Origin,
                Inputs = run.Inputs?.DeepClone() as JsonObject,
                Tags = run.Tags,
            };
            return await StartCoreAsync(again, key?.Id, key?.Agent ?? agent, run.ParentRunId, run.ParentStep, cancellationToken);
        }

        return await ReopenAsync(run, key?.Id, key?.Agent ?? agent, cancellationToken);
    }

    private async Task<RunStartResult> ReopenAsync(FlowRun run, string? keyId, string? agent, CancellationToken cancellationToken)
    {
        var version = await _flows.GetVersionAsync(run.FlowId, run.Version, cancellationToken);
        var (flow, errors) = version is null ? (null, []) : _definitions.Get(version);
        if (flow is null)
        {
            return Refused(FlowErrorCodes.NotRunnable, $"Version {run.Version} of flow {run.FlowName} is gone or invalid.", errors);
        }

        var nodes = await _runs.ListNodesAsync(run.Id, cancellationToken);
        var reset = new HashSet<string>(nodes.Where(n => n.Status is not (NodeStatuses.Succeeded or NodeStatuses.Skipped)).Select(n => n.StepKey), StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            // Everything after a reset step runs again: its skip or failure was decided by what is being redone.
            var more = flow.Incoming.Where(p => !reset.Contains(p.Key) && p.Value.Any(e => reset.Contains(e.From))).Select(p => p.Key).ToList();
            reset.UnionWith(more);
            grew = more.Count > 0;
        }

        // Nodes first, while the run has still ended (no engine executes an ended run): reopened first, a poller could
        // pick the run up in between, find the failed node still there and fail the run again at once. Each reset
        // applies only while the run has ended, so a second retry that lost the race touches nothing.
        foreach (var node in nodes.Where(n => reset.Contains(n.StepKey) && (n.Iteration == 0 || n.Status != NodeStatuses.Succeeded)))
        {
            // Attempts are kept, so a retried tool call uses a fresh idempotency key (attempt n+1), never the failed one's.
            var pending = node with { Status = NodeStatuses.Pending, Output = null, Error = null, FinishedAt = null, ApprovalId = null, ChildRunId = null, WakeAt = null };
            if (!await _runs.SaveNodeWhileRunEndedAsync(pending, cancellationToken))
            {
                return Refused(FlowErrorCodes.Conflict, $"Run {run.Id} changed meanwhile; it was not reopened.");
            }
        }

        var now = _time.GetUtcNow();
        if (!await _runs.ReopenRunAsync(run.Id, now + RunTimeout(flow), keyId, agent, cancellationToken))
        {
            return Refused(FlowErrorCodes.Conflict, $"Run {run.Id} changed meanwhile; it was not reopened.");
        }

        var reopened = await _runs.GetRunAsync(run.Id, cancellationToken) ?? run;
        Signal(reopened, null, 0, reopened.Status, agent is null ? "retried from failed" : $"retried from failed by {agent}");
        Enqueue(run.Id);
        return new RunStartResult(reopened, false, null);
    }

    private async Task<RunStartResult> StartCoreAsync(RunStart start, string? keyId, string? agent, string? parentRunId, string? parentStep, CancellationToken cancellationToken)
    {
        var flow = await _flows.GetFlowAsync(start.Flow, cancellationToken);
        if (flow is null)
        {
            return Refused(FlowErrorCodes.NotFound, $"No flow '{start.Flow}'.");
        }

        FlowVersion? version;
        if (start.Version is null)
        {
            version = flow.PublishedVersion is { } p ? await _flows.GetVersionAsync(flow.Id, p, cancellationToken) : null;
            if (version is null)
            {
                return Refused(FlowErrorCodes.NotRunnable, $"Flow '{flow.Name}' has no published version; publish one or run a version as a test.");
            }
        }
        else
        {
            version = start.Version == "latest"
                ? await _flows.GetLatestVersionAsync(flow.Id, cancellationToken)
                : int.TryParse(start.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? await _flows.GetVersionAsync(flow.Id, n, cancellationToken) : null;
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

        var (compiled, errors) = _definitions.Get(version);
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

        var now = _time.GetUtcNow();
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
        };
        var (stored, created) = await _runs.CreateRunAsync(run, cancellationToken);
        if (created)
        {
            FlowsDiagnostics.RunsStarted.Add(1, new KeyValuePair<string, object?>("origin", stored.Origin));
            Signal(stored, null, 0, stored.Status, "created");
        }

        if (!RunStatuses.IsTerminal(stored.Status))
        {
            Enqueue(stored.Id);
        }

        return new RunStartResult(stored, created, null);
    }

    /// <summary>The flow's own timeout, else the longest a run may take.</summary>
    private TimeSpan RunTimeout(Definition.CompiledFlow flow)
    {
        var limit = _options.Limits.MaxRunDuration < FlowEngineDefaults.MaxRunDurationCeiling ? _options.Limits.MaxRunDuration : FlowEngineDefaults.MaxRunDurationCeiling;
        return flow.Timeout is { } timeout && timeout < limit ? timeout : limit;
    }

    private static RunStartResult Refused(string code, string message, IReadOnlyList<string>? errors = null) =>
        new(null, false, new FlowError(code, message, errors));
}
