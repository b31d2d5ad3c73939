using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway;

/// <summary>What a tool call through <see cref="Gateway.CallToolAsync"/> came to: its journal record's id and outcome.</summary>
/// <param name="ExecutionId">The execution's id in the journal.</param>
/// <param name="Status">How it ended: completed, replayed, pending approval, denied, ...</param>
/// <param name="Result">The upstream's result (or the replayed one), when there is one.</param>
/// <param name="Fault">What kind of failure or refusal it was (unknown tool, invalid arguments, ...), or none.</param>
/// <param name="Message">Why, when it did not complete.</param>
/// <param name="ApprovalId">The approval that holds it, when it waits for one.</param>
/// <param name="IdempotencyKey">The key it held (the caller's or the tool's template), if any.</param>
public sealed record ToolExecution(
    string ExecutionId, ToolCallStatus Status, CallToolResult? Result, ToolCallFault Fault, string? Message, string? ApprovalId, string? IdempotencyKey);
