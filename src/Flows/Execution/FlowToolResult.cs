using System.Text.Json.Nodes;

namespace McpGateway.Flows.Execution;

/// <summary>The result of a flow's tool call.</summary>
/// <param name="Kind">What it came to.</param>
/// <param name="Output">The output when it succeeded.</param>
/// <param name="Error">Why it failed or is unknown.</param>
/// <param name="ExecutionId">The gateway execution id.</param>
/// <param name="ApprovalId">The approval it is frozen in.</param>
public sealed record FlowToolResult(FlowToolResultKind Kind, JsonNode? Output = null, string? Error = null, string? ExecutionId = null, string? ApprovalId = null);
