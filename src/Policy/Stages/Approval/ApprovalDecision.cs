using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>What deciding an approval came to.</summary>
/// <param name="Kind">Found, NotFound or AlreadyDecided.</param>
/// <param name="Approval">The approval after the decision (or as found).</param>
/// <param name="Decision">executed, rejected, cancelled, requeued, replan_required or blocked; null unless decided now.</param>
/// <param name="Message">A sentence for the approver.</param>
/// <param name="Details">Decision details: execution id, status, new approval id, drift, result.</param>
public sealed record ApprovalDecision(ApprovalDecisionKind Kind, ApprovalRecord? Approval, string? Decision, string Message, JsonObject? Details);
