using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Admin;

/// <summary>An approval as the API and the dashboard show it.</summary>
internal static class ApprovalView
{
    /// <summary>The view, with secret-looking keys and known secret values redacted (the store keeps what re-execution needs).</summary>
    public static JsonObject From(ApprovalRecord a, ArgumentRedactor redactor) => (JsonObject)redactor.RedactNode(Raw(a))!;

    private static JsonObject Raw(ApprovalRecord a) => new()
    {
        ["id"] = a.Id,
        ["status"] = a.Status,
        ["tool"] = a.Tool,
        ["connector"] = a.Connector,
        ["arguments"] = JsonNode.Parse(a.ArgumentsJson),
        ["agent"] = a.Agent,
        ["reason"] = a.Reason,
        ["contract"] = a.ContractJson is null ? null : JsonNode.Parse(a.ContractJson),
        ["entity"] = a.EntityJson is null ? null : JsonNode.Parse(a.EntityJson),
        ["state"] = a.StateJson is null ? null : JsonNode.Parse(a.StateJson),
        ["context"] = a.ContextJson is null ? null : JsonNode.Parse(a.ContextJson),
        ["created_at"] = a.CreatedAt,
        ["expires_at"] = a.ExpiresAt,
        ["decided_at"] = a.DecidedAt,
        ["decided_by"] = a.DecidedBy,
        ["decision"] = a.DecisionJson is null ? null : JsonNode.Parse(a.DecisionJson),
        ["parent_approval_id"] = a.ParentApprovalId,
        ["idempotency_key"] = a.IdempotencyKey,
        ["execution_id"] = a.ExecutionId,
        ["result_execution_id"] = a.ResultExecutionId,
    };

    /// <summary>Adds the live state (read with the contract's refetch tool) and its drift from the frozen state.</summary>
    public static async Task AddLiveAsync(JsonObject view, ApprovalRecord a, StateReader reader, ArgumentRedactor redactor, CancellationToken ct)
    {
        var contract = ApprovalJson.Contract(a.ContractJson);
        var frozen = ApprovalJson.ParseObject(a.StateJson);
        if (contract?.StateRefetch is not { } refetch)
        {
            view["live_state"] = null;
            view["drift"] = new JsonArray();
            view["live_problem"] = "the approval has no state_refetch tool; only the frozen state is known";
            return;
        }

        var vars = new JsonObject { ["args"] = JsonNode.Parse(a.ArgumentsJson) };
        var read = await reader.ReadAsync(refetch, a.Connector, vars, ct);
        view["live_state"] = redactor.RedactNode(read.State);
        view["drift"] = frozen is not null && read.State is not null ? StateDiff.Drift(frozen, read.State) : new JsonArray();
        view["live_problem"] = read.Problem;
    }
}
