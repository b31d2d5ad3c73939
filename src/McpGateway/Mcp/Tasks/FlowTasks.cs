using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp.Tasks;

#pragma warning disable MCPEXP002 // The SDK's seam for an extension's methods (custom request handlers) is marked experimental.

/// <summary>
/// Flow runs as tasks: the task id is the run id, and <c>tasks/get</c>, <c>tasks/update</c> and <c>tasks/cancel</c> are
/// answered from the run and approval stores, so any gateway process sharing the store answers them. A run paused for
/// an approval is <c>input_required</c> with the approval as an elicitation request; answering it in
/// <c>tasks/update</c> decides the approval as the dashboard would, with the same authority.
/// </summary>
internal sealed class FlowTasks(FlowEngine engine, ApprovalService approvals, IApprovalStore approvalStore, ArgumentRedactor redactor)
{
    // Sub-runs nest; a run paused in a sub-run waits on the sub-run's approval. The engine bounds nesting the same way.
    private const int MaxDepth = 8;

    /// <summary>The handle a flow tool call answers with once its run is created.</summary>
    public static TaskResult Created(FlowRun run) =>
        TaskResult.From(FlowTaskViews.Task(run, [], "working", $"Run {run.Id} of {run.FlowName} started; read it with {TasksExtension.Get}."));

    /// <summary><c>tasks/get</c> of a flow run (<paramref name="key"/> null: auth is off).</summary>
    public async ValueTask<JsonNode?> GetAsync(RequestContext<JsonNode?> request, ApiKey? key, CancellationToken ct)
    {
        var details = await FindAsync(request, TasksExtension.Get, key, ct);
        var task = await ViewAsync(details, TasksExtension.DeclaresElicitation(request.JsonRpcRequest), ct);
        task["resultType"] = "complete";
        return task;
    }

    /// <summary><c>tasks/update</c>: decides the approvals the run waits on that the answers name.</summary>
    public async ValueTask<JsonNode?> UpdateAsync(RequestContext<JsonNode?> request, ApiKey? key, CancellationToken ct)
    {
        var details = await FindAsync(request, TasksExtension.Update, key, ct);
        var responses = request.Params?["inputResponses"];
        if (responses is not (null or JsonObject))
        {
            throw new McpProtocolException("tasks/update takes inputResponses as an object keyed by the task's inputRequests keys.", McpErrorCode.InvalidParams);
        }

        // Every answer is checked before any is acted on, so a refused one leaves the others undecided too.
        var decisions = new List<(ApprovalRecord Approval, bool Approve)>();
        var pending = responses is JsonObject { Count: > 0 } ? await PendingApprovalsAsync(details, 0, ct) : [];
        foreach (var (name, answer) in (JsonObject?)responses ?? [])
        {
            // Keys the task does not (or no longer) ask about are ignored, as the extension says.
            if (pending.FirstOrDefault(a => a.Id == name) is not { } approval || Decision(name, answer) is not { } approve)
            {
                continue;
            }

            if (Refusal(approval, key) is { } refusal)
            {
                throw new McpProtocolException(refusal, McpErrorCode.InvalidParams);
            }

            decisions.Add((approval, approve));
        }

        var approver = key is null ? "anonymous" : $"{key.Agent} ({key.Name})";
        foreach (var (approval, approve) in decisions)
        {
            // Decided exactly once by the store's claim: a second answer, here or on the dashboard, finds it decided.
            _ = approve
                ? await approvals.ApproveAsync(approval.Id, approver, null, ct)
                : await approvals.RejectAsync(approval.Id, approver, "declined in the client (tasks/update)", ct);
        }

        return new JsonObject { ["resultType"] = "complete" };
    }

    /// <summary><c>tasks/cancel</c>: cancels the run.</summary>
    public async ValueTask<JsonNode?> CancelAsync(RequestContext<JsonNode?> request, ApiKey? key, CancellationToken ct)
    {
        var details = await FindAsync(request, TasksExtension.Cancel, key, ct);
        if (!RunStatuses.IsTerminal(details.Run.Status))
        {
            // As `mcpgw runs cancel` and the REST cancel do; a run that ended meanwhile is acknowledged all the same.
            await engine.CancelAsync(details.Run.Id, ct);
        }

        return new JsonObject { ["resultType"] = "complete" };
    }

    /// <summary>The run the request names, if this key may see it; otherwise the errors the extension names.</summary>
    private async Task<RunDetails> FindAsync(RequestContext<JsonNode?> request, string method, ApiKey? key, CancellationToken ct)
    {
        if (!TasksExtension.IsDeclared(request.JsonRpcRequest))
        {
            throw TasksExtension.NotDeclared(method);
        }

        if (request.Params?[TasksExtension.TaskIdParameter] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw new McpProtocolException($"{method} needs params.taskId (a string: the task id a flow tool answered with).", McpErrorCode.InvalidParams);
        }

        var id = value.GetValue<string>();
        var details = id.StartsWith("run_", StringComparison.Ordinal) && id.Length <= 100 ? await engine.GetRunAsync(id, ct) : null;

        // A run another key or agent started is answered as unknown: its id tells the caller nothing it may act on.
        if (details is null || !MaySee(key, details.Run))
        {
            throw new McpProtocolException($"No task '{(id.Length <= 100 ? id : id[..100] + "…")}' for this caller.", McpErrorCode.InvalidParams);
        }

        return details;
    }

    /// <summary>Auth off: every run. Otherwise runs its own key or agent started, of a flow tool it may still use.</summary>
    private static bool MaySee(ApiKey? key, FlowRun run) =>
        key is null ||
        (FlowTools.MayUse(key, FlowTools.Prefix + run.FlowName) && (run.KeyId == key.Id || (run.Agent is not null && run.Agent == key.Agent)));

    /// <summary>The task for a run: its status mapped, with the result, or the approvals it waits on.</summary>
    private async Task<JsonObject> ViewAsync(RunDetails details, bool elicitation, CancellationToken ct)
    {
        var (run, nodes) = (details.Run, details.Nodes);
        switch (run.Status)
        {
            case RunStatuses.Succeeded or RunStatuses.Failed or RunStatuses.Timeout:
                // The tool's result exactly as a waiting call returns it. A failed run is a tool result with isError,
                // which the extension reports as completed: `failed` is reserved for JSON-RPC errors.
                var done = FlowTaskViews.Task(run, nodes, "completed", $"Run {run.Id} of {run.FlowName} is {run.Status}.");
                done["result"] = JsonSerializer.SerializeToNode(McpSurface.RunResult(run), McpJsonUtilities.DefaultOptions);
                return done;
            case RunStatuses.Canceled:
                return FlowTaskViews.Task(run, nodes, "cancelled", $"Run {run.Id} of {run.FlowName} was cancelled{(run.Error is null ? "" : ": " + run.Error)}.");
            case RunStatuses.Paused:
                var pending = await PendingApprovalsAsync(details, 0, ct);
                if (pending.Count == 0)
                {
                    return FlowTaskViews.Task(run, nodes, "working", run.PauseReason is { } reason
                        ? $"Run {run.Id} is {reason}; it continues when resumed."
                        : $"Run {run.Id} waits{(run.WakeAt is { } wake ? $" until {wake:u}" : "")}.");
                }

                var ids = string.Join(", ", pending.Select(a => a.Id));
                if (!elicitation)
                {
                    // An input request may only ask for what the request declared; without elicitation the approval
                    // is the dashboard's to decide.
                    return FlowTaskViews.Task(run, nodes, "working",
                        $"Run {run.Id} waits for approval {ids}: decide it on the dashboard, or declare elicitation to be asked here.");
                }

                var asking = FlowTaskViews.Task(run, nodes, "input_required", $"Run {run.Id} waits for approval {ids}.");
                var requests = new JsonObject();
                foreach (var approval in pending)
                {
                    requests[approval.Id] = FlowTaskViews.Elicitation(approval, redactor);
                }

                asking["inputRequests"] = requests;
                return asking;
            default:
                return FlowTaskViews.Task(run, nodes, "working", $"Run {run.Id} of {run.FlowName} is {run.Status}.");
        }
    }

    /// <summary>The pending approvals a paused run waits on, its sub-runs' included.</summary>
    private async Task<List<ApprovalRecord>> PendingApprovalsAsync(RunDetails details, int depth, CancellationToken ct)
    {
        var found = new List<ApprovalRecord>();
        foreach (var node in details.Nodes.Where(n => n.Status == NodeStatuses.Paused))
        {
            if (node.ApprovalId is { } id && await approvalStore.GetAsync(id, ct) is { Status: ApprovalStatuses.Pending } approval)
            {
                found.Add(approval);
            }
            else if (node.ChildRunId is { } childId && depth < MaxDepth && await engine.GetRunAsync(childId, ct) is { Run.Status: RunStatuses.Paused } child)
            {
                found.AddRange(await PendingApprovalsAsync(child, depth + 1, ct));
            }
        }

        return found;
    }

    /// <summary>True approves, false rejects, null leaves it pending (the user cancelled the question).</summary>
    private static bool? Decision(string key, JsonNode? answer)
    {
        if (answer is not JsonObject result || result["action"] is not JsonValue action || action.GetValueKind() != JsonValueKind.String)
        {
            throw new McpProtocolException($"inputResponses.{key} must be an elicitation result: {{\"action\": \"accept\"|\"decline\"|\"cancel\", \"content\": {{\"{FlowTaskViews.ApproveField}\": true|false}}}}.", McpErrorCode.InvalidParams);
        }

        return action.GetValue<string>() switch
        {
            "accept" => result["content"]?[FlowTaskViews.ApproveField]?.GetValueKind() == JsonValueKind.True,
            "decline" => false,
            _ => null,
        };
    }

    /// <summary>Why this caller may not decide the approval here (null: it may), in the words the caller sees.</summary>
    private static string? Refusal(ApprovalRecord approval, ApiKey? key)
    {
        if (key is not null && !Scopes.Allows(key.Scopes, Scopes.ApprovalsWrite))
        {
            return $"Key '{key.Name}' may not decide approvals: that takes the {Scopes.ApprovalsWrite} scope. Approval {approval.Id} stays pending; " +
                   "decide it on the dashboard, with the CLI, or with a key that has the scope.";
        }

        // A flow's approval step is decided by whoever may approve; a call a rule held is decided inline only where the
        // rule says approver: client, as for a session's elicitation.
        if (approval.Connector != ApprovalKinds.FlowConnector && ApprovalJson.Approver(approval.ContextJson) != "client")
        {
            return $"Approval {approval.Id} holds a call to '{approval.Tool}' for a human: its rule does not say approver: client, so it is not " +
                   "decided from a client. It stays pending; decide it on the dashboard or with the CLI.";
        }

        return null;
    }
}
