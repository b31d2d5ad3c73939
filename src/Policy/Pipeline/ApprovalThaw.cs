using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Policy.Pipeline;

/// <summary>An approved call being thawed: the frozen approval, who approved, and the live state they supplied (if any).</summary>
/// <param name="Approval">The approval record (claimed, status deciding).</param>
/// <param name="ApprovedBy">Who approved.</param>
/// <param name="SuppliedState">Live state the approver supplied; null means refetch or use the frozen state.</param>
public sealed record ApprovalThaw(ApprovalRecord Approval, string ApprovedBy, JsonObject? SuppliedState);
