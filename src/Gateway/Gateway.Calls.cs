using System.Text.Json.Nodes;
using McpGateway.Policy.Pipeline;

namespace McpGateway;

/// <summary>Tool calls, through the same pipeline as MCP and REST.</summary>
public sealed partial class Gateway
{
    /// <summary>
    /// Calls a tool (<c>{connector}__{tool}</c> or a flow tool) through the whole pipeline: schema, policy, entity,
    /// idempotency, approval, retries, reconciliation and the journal, as <c>POST /v1/call</c> does. A call the policy
    /// holds or refuses is not an exception: its <see cref="ToolExecution.Status"/> says what happened.
    /// </summary>
    /// <param name="tool">The tool's name as the aggregated endpoint lists it.</param>
    /// <param name="arguments">The arguments, or null for none.</param>
    /// <param name="idempotencyKey">The caller's idempotency key: a repeat with the same key and arguments replays.</param>
    /// <param name="agent">The agent the call is made for (recorded in the journal and matched by rules).</param>
    /// <param name="cancellationToken">Cancels the call (an attempt in flight is settled as the pipeline settles any).</param>
    public async Task<ToolExecution> CallToolAsync(
        string tool, JsonObject? arguments = null, string? idempotencyKey = null, string? agent = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        var context = new ToolCallContext(tool, arguments is null ? null : ArgumentsJson.FromObject(arguments), new CallerIdentity("api", null, agent), cancellationToken)
        {
            IdempotencyKey = idempotencyKey,
        };
        var outcome = await Get<ToolCallPipeline>().InvokeAsync(context);
        return new ToolExecution(context.ExecutionId, outcome.Status, outcome.Result, outcome.Fault, outcome.Message, context.ApprovalId, context.HeldIdempotencyKey);
    }
}
