using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Admin;
using McpGateway.Calls;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>
/// Flows as tools: <c>flow__{name}</c> starts a run (origin MCP), reports each node as a progress notification when
/// the client sent a progress token, and answers with the outputs as <c>structuredContent</c>. A client cancel cancels
/// the run. A run that pauses (approval, delay) answers at once with its run id, for <c>flow__runs_get</c> later.
/// </summary>
internal sealed partial class McpSurface
{
    private async ValueTask<CallToolResult> CallFlowAsync(RequestContext<CallToolRequestParams> request, ApiKey? key, CancellationToken ct)
    {
        var p = request.Params!;
        if (!FlowTools.MayUse(key, p.Name))
        {
            return ErrorResult($"Key '{key!.Name}' may not run {p.Name}: it needs the {Scopes.FlowsRun} scope and the tool in its allowed tools.", null);
        }

        if (p.Name == FlowTools.RunsGet)
        {
            return await RunsGetAsync(p, ct);
        }

        var (started, refused) = await StartFlowRunAsync(p, key, ct);
        if (refused is not null)
        {
            return refused;
        }

        var runId = started!.Id;
        var relay = p.ProgressToken is { } token ? new ProgressRelay(request.Server, token) : null;
        var finished = 0;
        var progressGate = new Lock();
        void OnChanged(RunEvent e)
        {
            // One notification per finished node (loop items included), counted here: MCP requires progress to
            // increase with every notification, so a node's start (which finishes nothing) is not one, and the count and
            // its send are taken together because parallel loop items finish on several threads.
            if (e.RunId != runId || e.StepKey is null || !NodeStatuses.IsFinished(e.Status))
            {
                return;
            }

            lock (progressGate)
            {
                finished++;
                relay!.Report(new ProgressNotificationValue
                {
                    Progress = finished,
                    Total = Math.Max(e.Total, finished),
                    Message = $"{e.StepKey}{(e.Iteration > 0 ? $"#{e.Iteration}" : "")}: {e.Status}",
                });
            }
        }

        if (relay is not null)
        {
            engine.RunChanged += OnChanged;
        }

        FlowRun run;
        try
        {
            run = await engine.WaitAsync(runId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client cancelled its request: the run it started is cancelled with it.
            await engine.CancelAsync(runId, CancellationToken.None);
            throw;
        }
        finally
        {
            if (relay is not null)
            {
                engine.RunChanged -= OnChanged;
                await relay.FlushAsync();
            }
        }

        return RunResult(run);
    }

    /// <summary>Starts the run a flow tool call asks for (durably: it is in the store when this returns), or the refusal.</summary>
    private async ValueTask<(FlowRun? Run, CallToolResult? Refused)> StartFlowRunAsync(CallToolRequestParams p, ApiKey? key, CancellationToken ct)
    {
        var inputs = new JsonObject();
        foreach (var (name, value) in p.Arguments ?? new Dictionary<string, JsonElement>())
        {
            inputs[name] = JsonSerializer.SerializeToNode(value);
        }

        if (RunTags.Read(p.Meta?[McpCallContext.TagsKey], out var tags) is { } badTags)
        {
            return (null, ErrorResult($"_meta[\"{McpCallContext.TagsKey}\"]: {badTags}", null));
        }

        var started = await engine.StartRunAsync(new RunStart
        {
            Tags = tags,
            Flow = p.Name[FlowTools.Prefix.Length..],
            Origin = RunOrigins.Mcp,
            Inputs = inputs,
            DedupKey = p.Meta is { } meta ? CallInputReader.Str(meta, McpCallContext.IdempotencyKey) : null,
            Key = key,
            Agent = key?.Agent,
        }, ct);
        return started.Ok
            ? (started.Run, null)
            : (null, ErrorResult(started.Error!.Message + (started.Error.Errors is { Count: > 0 } e ? " " + string.Join("; ", e) : ""), null));
    }

    private async ValueTask<CallToolResult> RunsGetAsync(CallToolRequestParams p, CancellationToken ct)
    {
        if (p.Arguments?.TryGetValue("run_id", out var id) != true || id.ValueKind != JsonValueKind.String)
        {
            return ErrorResult("flow__runs_get needs run_id (a string, run_…).", null);
        }

        var details = await engine.GetRunAsync(id.GetString()!, ct);
        if (details is null)
        {
            return ErrorResult($"No run '{id.GetString()}'.", null);
        }

        var view = FlowViews.Run(details);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = $"Run {details.Run.Id} of {details.Run.FlowName} is {details.Run.Status}." }],
            StructuredContent = JsonSerializer.SerializeToElement(view, McpJsonUtilities.DefaultOptions),
        };
    }

    /// <summary>The result of a flow tool call for the run as it stands (a task's result is the same).</summary>
    internal static CallToolResult RunResult(FlowRun run)
    {
        var facts = new JsonObject { ["run_id"] = run.Id, ["status"] = run.Status, ["flow"] = run.FlowName, ["version"] = run.Version };
        switch (run.Status)
        {
            case RunStatuses.Succeeded:
                var outputs = run.Outputs as JsonObject ?? new JsonObject { ["result"] = run.Outputs?.DeepClone() };
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = (run.Outputs?.ToJsonString() ?? "null") }],
                    StructuredContent = JsonSerializer.SerializeToElement(outputs, McpJsonUtilities.DefaultOptions),
                    Meta = new JsonObject { ["mcpgw/run"] = facts },
                };
            case RunStatuses.Paused or RunStatuses.Pending or RunStatuses.Running:
                facts["message"] = run.PauseReason is { } reason
                    ? $"Run {run.Id} is {run.Status} ({reason}): nothing more happens until it is resumed; call {FlowTools.RunsGet} with run_id '{run.Id}' for its result."
                    : $"Run {run.Id} is {run.Status}: it waits for an approval or a delay. Nothing more happens until then; call {FlowTools.RunsGet} with run_id '{run.Id}' for its result.";
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = facts["message"]!.GetValue<string>() }],
                    StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["gateway"] = facts }, McpJsonUtilities.DefaultOptions),
                };
            default:
                facts["error"] = run.Error;
                return ErrorResult($"Run {run.Id} of {run.FlowName} ended {run.Status}: {run.Error}", facts);
        }
    }

    private static CallToolResult ErrorResult(string message, JsonObject? facts) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
        StructuredContent = facts is null ? null : JsonSerializer.SerializeToElement(new JsonObject { ["gateway"] = facts }, McpJsonUtilities.DefaultOptions),
    };
}
