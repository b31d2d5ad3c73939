using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Approval;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// <c>gateway__approval_status</c>: lets an agent follow a call it got "held for approval appr_…" for: the approval's
/// state, and once it ran, the call's result. Listed on the aggregated endpoints (<c>/mcp</c>, stdio). A caller reads the
/// approvals of its own agent; a key with <c>approvals:read</c> reads any.
/// </summary>
internal sealed class ApprovalStatusTool(IApprovalStore approvals)
{
    public const string Name = "gateway__approval_status";

    public static readonly Tool Definition = new()
    {
        Name = Name,
        Title = "Approval status",
        Description = "The state of an approval a call was held for (pending, executed, rejected, cancelled, ...) and, once the call ran, its result. " +
            "Pass the approval id from the held call's answer (structuredContent.gateway.approval_id).",
        InputSchema = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["approval_id"] = new JsonObject { ["type"] = "string", ["description"] = "The approval id, appr_…" } },
            ["required"] = new JsonArray("approval_id"),
            ["additionalProperties"] = false,
        }, McpJsonUtilities.DefaultOptions),
        Annotations = new ToolAnnotations { ReadOnlyHint = true, IdempotentHint = true, DestructiveHint = false, OpenWorldHint = false },
    };

    /// <summary>
    /// Whether <paramref name="key"/> sees the tool: a caller that may call tools (or read approvals) and whose
    /// <c>allowed_tools</c>, if any, name it (a registered server's endpoint lists only its own tools).
    /// </summary>
    public static bool MayUse(ApiKey? key) => key is null ||
        ((Scopes.Allows(key.Scopes, Scopes.ToolsCall) || Scopes.Allows(key.Scopes, Scopes.ApprovalsRead)) && KeyAccess.MatchesAllowedTools(key, Name));

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams request, ApiKey? key, CancellationToken ct)
    {
        if (request.Arguments?.TryGetValue("approval_id", out var value) != true || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } id)
        {
            return Error("approval_id is required: the id (appr_…) from the held call's answer.");
        }

        var approval = await approvals.GetAsync(id, ct);
        if (approval is null || !MayRead(key, approval))
        {
            return Error($"No approval '{id}' for this caller.");
        }

        var decision = approval.DecisionJson is null ? null : JsonNode.Parse(approval.DecisionJson) as JsonObject;
        var state = new JsonObject
        {
            ["approval_id"] = approval.Id,
            ["status"] = approval.Status,
            ["tool"] = approval.Tool,
            ["reason"] = approval.Reason,
            ["execution_id"] = approval.ExecutionId,
            ["created_at"] = approval.CreatedAt,
            ["expires_at"] = approval.ExpiresAt,
            ["decided_at"] = approval.DecidedAt,
            ["decided_by"] = approval.DecidedBy,
            ["message"] = decision?["message"]?.DeepClone(),
            ["result"] = decision?["result"]?.DeepClone(),
        };
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Sentence(approval, decision) }],
            StructuredContent = JsonSerializer.SerializeToElement(state, McpJsonUtilities.DefaultOptions),
        };
    }

    private static bool MayRead(ApiKey? key, ApprovalRecord approval) =>
        key is null || approval.Agent == key.Agent || Scopes.Allows(key.Scopes, Scopes.ApprovalsRead);

    private static string Sentence(ApprovalRecord approval, JsonObject? decision) => approval.Status switch
    {
        ApprovalStatuses.Pending => $"Approval {approval.Id} is still pending{(approval.ExpiresAt is { } e ? $" (it expires at {e:u})" : "")}; nothing was executed yet. Ask again later.",
        ApprovalStatuses.Deciding => $"Approval {approval.Id} is being decided right now; ask again in a moment.",
        ApprovalStatuses.Executed when decision?["result"] is JsonObject result =>
            $"Approval {approval.Id} was approved and the call ran. Its result: {ResultText(result)}",
        ApprovalStatuses.Executed => $"Approval {approval.Id} was approved and the call ran (execution {approval.ResultExecutionId ?? approval.ExecutionId}).",
        _ => $"Approval {approval.Id} ended {approval.Status}{(decision?["message"] is JsonNode m ? ": " + m : "")}. Nothing more will run for it.",
    };

    private static string ResultText(JsonObject result) =>
        result["content"] is JsonArray content && content.Select(c => c?["text"]?.GetValue<string>()).Where(t => t is not null).ToList() is { Count: > 0 } texts
            ? string.Join("\n", texts)
            : result.ToJsonString();

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
