using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Admin;
using McpGateway.Policy.Stages.Approval;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Mrtr;

internal sealed partial class RoundTrips
{
    /// <summary>The question put to the user: what the approvals dashboard shows, as a form with one yes/no field.</summary>
    private InputRequiredException AskApproval(ApprovalRecord approval, string state)
    {
        var view = ApprovalView.From(approval, redactor);
        var lines = new List<string> { $"Allow '{approval.Tool}' ({approval.Connector}) with {view["arguments"]?.ToJsonString() ?? "{}"}?" };
        void Line(string label, JsonNode? value)
        {
            if (value is not null)
            {
                lines.Add($"{label}: {(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString())}");
            }
        }

        Line("Reason", view["reason"]);
        Line("Agent", view["agent"]);
        Line("Entity", view["entity"]);
        Line("State", view["state"]);
        Line("Contract", view["contract"]);
        Line("Expires", approval.ExpiresAt is { } e ? JsonValue.Create(e.ToString("u", System.Globalization.CultureInfo.InvariantCulture)) : null);
        Line("Approval", JsonValue.Create(approval.Id));
        var ask = new ElicitRequestParams
        {
            Mode = "form",
            Message = string.Join("\n", lines),
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    ["approve"] = new ElicitRequestParams.BooleanSchema { Title = "Approve this call", Default = false },
                },
                Required = ["approve"],
            },
            Meta = new JsonObject { ["mcpgw/approval"] = view },
        };
        return new InputRequiredException(new Dictionary<string, InputRequest> { [ApprovalKey] = InputRequest.ForElicitation(ask) }, state);
    }

    private async ValueTask<CallToolResult> ContinueApprovalAsync(RequestState state, string text, IDictionary<string, InputResponse>? responses, RequestBinding binding, CancellationToken ct)
    {
        var approval = await approvalStore.GetAsync(state.ApprovalId ?? "", ct)
            ?? throw new McpProtocolException($"The approval this requestState continues is gone; call again without requestState.", McpErrorCode.InvalidParams);
        if (approval.Status != ApprovalStatuses.Pending)
        {
            // Decided already (a replayed retry, or the dashboard was quicker): what it came to, never a second run.
            return Decided(approval, state.ExecutionId);
        }

        if (responses is null || !responses.TryGetValue(ApprovalKey, out var response) || response is null)
        {
            throw AskApproval(approval, text);
        }

        ElicitResult? answer;
        try
        {
            answer = response.Deserialize(InputResponse.ElicitResultJsonTypeInfo);
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is null || answer.Action is not ("accept" or "decline" or "cancel"))
        {
            throw new McpProtocolException($"inputResponses['{ApprovalKey}'] is not an elicitation result (action accept, decline or cancel); nothing was executed.", McpErrorCode.InvalidParams);
        }

        var approver = "client:" + (binding.Agent ?? binding.KeyId ?? "anonymous");
        var approved = answer.IsAccepted && answer.Content?.TryGetValue("approve", out var v) == true && v.ValueKind == JsonValueKind.True;
        var decision = approved
            ? await approvals.ApproveAsync(approval.Id, approver, null, CancellationToken.None)
            : await approvals.RejectAsync(approval.Id, approver, $"the user answered '{answer.Action}' through the client", CancellationToken.None);
        return decision.Approval is { } decided ? Decided(decided, state.ExecutionId) : Refusal(approval.Id, state.ExecutionId, "blocked", decision.Message);
    }

    /// <summary>
    /// The answer for a decided approval, from what the store recorded (so a repeat gets the same answer). The approved
    /// call ran as the frozen execution, <paramref name="executionId"/>.
    /// </summary>
    private static CallToolResult Decided(ApprovalRecord approval, string executionId)
    {
        var details = approval.DecisionJson is null ? null : JsonNode.Parse(approval.DecisionJson) as JsonObject;
        var message = details?["message"]?.GetValue<string>();
        var stored = details?["result"] as JsonObject;
        switch (approval.Status)
        {
            case ApprovalStatuses.Executed when stored is not null:
                return GatewayResults.WithExecution(stored.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!, new JsonObject
                {
                    ["execution_id"] = approval.ResultExecutionId ?? executionId,
                    ["status"] = details!["status"]?.DeepClone(),
                    ["approval_id"] = approval.Id,
                    ["idempotency_key"] = approval.IdempotencyKey,
                });
            case ApprovalStatuses.Rejected:
                return Refusal(approval.Id, executionId, "denied", "The user did not approve this call; nothing was executed. Do not retry it unless the user asks.");
            case ApprovalStatuses.Deciding:
                return Refusal(approval.Id, executionId, "pending_approval",
                    $"Approval {approval.Id} is being decided now; send the same request again to get what it came to.");
            default:
                return Refusal(approval.Id, executionId, details?["decision"]?.GetValue<string>() ?? approval.Status, message ?? $"Approval {approval.Id} is {approval.Status}.");
        }
    }

    private static CallToolResult Refusal(string approvalId, string executionId, string status, string message) =>
        GatewayResults.Refusal(message, new JsonObject { ["execution_id"] = executionId, ["status"] = status, ["approval_id"] = approvalId });
}
