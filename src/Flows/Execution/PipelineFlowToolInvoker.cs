using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Runs flow tool steps through the call pipeline as caller <c>flow</c> (session = run id, workflow = flow name) with the
/// run's principal (the key that started or restarted it, or a trigger's) bounded by its versions' authors
/// (<see cref="RunPrincipals"/>), so scopes, rules, approvals, idempotency and the journal apply as to any call.
/// </summary>
/// <remarks>
/// The pipeline makes one attempt per call (no failure-policy retry): the step's own retry, in the flow engine, is the
/// one retry layer of a tool step, so a tool's <c>retry</c> never multiplies a step's attempts.
/// </remarks>
public sealed class PipelineFlowToolInvoker(
    Func<ToolCallPipeline> pipeline, RunPrincipals principals, ISecretResolver? connections = null, SecretValues? secrets = null) : IFlowToolInvoker
{
    private static readonly CallOptions OneAttempt = new() { Retry = 0 };

    /// <inheritdoc />
    public async ValueTask<FlowToolResult> InvokeAsync(FlowToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var authority = await principals.AuthorityAsync(call.Run, cancellationToken);
        if (authority.Refusal is { } refusal)
        {
            return new FlowToolResult(FlowToolResultKind.Failed, Error: refusal + " The tool did not run.");
        }

        var key = authority.Key;
        var caller = new CallerIdentity("flow", call.Run.Id, key?.Agent ?? call.Run.Agent) { Key = key, Bounds = authority.Bounds, Workflow = call.Run.FlowName };
        var context = new ToolCallContext(call.Tool, ArgumentsJson.FromObject(call.Arguments), caller, cancellationToken)
        {
            IdempotencyKey = call.IdempotencyKey,
            Options = OneAttempt,
        };
        var outcome = await pipeline().InvokeAsync(context);
        return Map(outcome, context);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A connection is a credential only an operator (the <c>admin</c> scope) may manage: a step may read one only when
    /// every version that bounds the run (its own and its parents') was saved by a key with <c>admin</c>, or without a key
    /// (auth off, files in <c>flows/</c>, in-process). Who starts the run does not matter: it cannot change what is sent.
    /// </remarks>
    public async ValueTask<ConnectionRead> ReadConnectionAsync(FlowRun run, string connection, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var reference = $"{{{{connections.{connection}.{field}}}}}";
        if (connections is null)
        {
            return new ConnectionRead(null, $"{reference}: this host has no connections store");
        }

        var authority = await principals.AuthorityAsync(run, cancellationToken);
        if (authority.Refusal is { } refusal)
        {
            return new ConnectionRead(null, refusal);
        }

        if (authority.Bounds.FirstOrDefault(a => !Scopes.Allows(a.Scopes, Scopes.Admin)) is { } author)
        {
            return new ConnectionRead(null, $"{reference}: a flow reads a connection only when its version was saved by a key with the admin scope; " +
                $"key '{author.Name}' ({author.Id}) has not got it. The tool did not run.");
        }

        try
        {
            var value = await connections.ResolveAsync(connection, field, cancellationToken);
            secrets?.Add(value);
            return new ConnectionRead(value, null);
        }
        catch (InvalidOperationException ex)
        {
            return new ConnectionRead(null, ex.Message + ". The tool did not run.");
        }
    }

    internal static FlowToolResult Map(ToolCallOutcome outcome, ToolCallContext context)
    {
        var exe = context.ExecutionId.Length == 0 ? null : context.ExecutionId;
        if (outcome.IsOutcomeUnknown || outcome.Status == ToolCallStatus.Unknown || outcome.Fault == ToolCallFault.IdempotencyInFlight)
        {
            // The key is held until the gateway settles the call: not a failure; call again with the same key later.
            return new FlowToolResult(FlowToolResultKind.Unknown, Error: outcome.Message, ExecutionId: exe);
        }

        if (outcome.Fault == ToolCallFault.IdempotencyUndetermined)
        {
            // Not a definite failure: a retry under a new key could run the effect twice.
            return new FlowToolResult(FlowToolResultKind.Undetermined, Error: outcome.Message, ExecutionId: exe);
        }

        if (outcome.Fault is ToolCallFault.UpstreamUnavailable or ToolCallFault.CircuitOpen && outcome.Result is null)
        {
            // Nothing ran (the connector is starting or down, or its circuit is open): wait for it rather than fail.
            return new FlowToolResult(FlowToolResultKind.Unavailable, Error: outcome.Message, ExecutionId: exe);
        }

        switch (outcome.Status)
        {
            case ToolCallStatus.Completed or ToolCallStatus.Replayed or ToolCallStatus.Reconciled when outcome.Result is { } result:
                return result.IsError == true
                    ? new FlowToolResult(FlowToolResultKind.Failed, Error: Text(result) ?? "the tool reported an error", ExecutionId: exe)
                    : new FlowToolResult(FlowToolResultKind.Succeeded, Output(result), ExecutionId: exe);
            case ToolCallStatus.PendingApproval:
                var approvalId = context.ApprovalId ?? context.Details["approval_id"]?.GetValue<string>();
                return new FlowToolResult(FlowToolResultKind.PendingApproval, Error: outcome.Message, ExecutionId: exe, ApprovalId: approvalId);
            case ToolCallStatus.Failed when outcome.Result is { } failed:
                return new FlowToolResult(FlowToolResultKind.Failed, Error: Text(failed) ?? outcome.Message ?? "the tool reported an error", ExecutionId: exe);
            default:
                return new FlowToolResult(FlowToolResultKind.Failed, Error: outcome.Message ?? outcome.Status.ToString(), ExecutionId: exe);
        }
    }

    private static JsonNode? Output(CallToolResult result)
    {
        if (result.StructuredContent is { } structured)
        {
            return JsonNode.Parse(structured.GetRawText());
        }

        var text = Text(result);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static string? Text(CallToolResult result) =>
        result.Content is [TextContentBlock only] ? only.Text : result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
}
