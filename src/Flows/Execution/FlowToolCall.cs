using System.Text.Json.Nodes;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>A flow's tool step call.</summary>
/// <param name="Tool">The catalog tool name.</param>
/// <param name="Arguments">The rendered arguments.</param>
/// <param name="IdempotencyKey"><c>run:{runId}:{step}:{iteration}</c>, plus <c>:{attempt}</c> after a definite failure.</param>
/// <param name="Run">The run (its key id, agent and flow name make up the caller).</param>
/// <param name="StepKey">The step.</param>
public sealed record FlowToolCall(string Tool, JsonObject Arguments, string IdempotencyKey, FlowRun Run, string StepKey);
