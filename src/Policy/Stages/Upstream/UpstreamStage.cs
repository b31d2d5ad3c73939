using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.Upstream;

/// <summary>Last stage: sends the call to the connector's client under the card's timeout.</summary>
public sealed class UpstreamStage(UpstreamHub hub) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "upstream";

    /// <inheritdoc />
    public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card ?? throw new InvalidOperationException("The resolve stage must run before the upstream stage.");
        if (await context.BeginEffectsAsync() is { } unrecorded)
        {
            // A no-op after the idempotency stage; only the pass-through pipeline (no such stage) begins effects here.
            return unrecorded;
        }

        if (!hub.TryGet(card.Connector, out var connection))
        {
            context.Record(Name, "unavailable");
            return ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, $"Connector '{card.Connector}' is not configured any more; nothing was executed.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var limit = context.Timeout ?? card.Timeout;
        timeout.CancelAfter(limit);
        try
        {
            var result = await connection.CallToolAsync(
                card.UpstreamName, context.Arguments, context.Meta, context.Progress, context.Downstream, card.ReadOnly || card.Idempotent, timeout.Token,
                context.UpstreamRound, context.ClientCapabilities);
            context.Record(Name, result.ResultType == UpstreamConnection.TaskResultType ? "task" : result.IsError == true ? "tool_error" : "called", TaskId(result));
            return ToolCallOutcome.Completed(result);
        }
        catch (InputRequiredException ex)
        {
            // The upstream answered: not yet done, it needs the caller's input (handed to the caller as it is).
            context.Record(Name, "input_required", ex.Result.InputRequests is { Count: > 0 } asked ? string.Join(",", asked.Keys) : "state only");
            return ToolCallOutcome.InputRequired(ex.Result);
        }
        catch (UpstreamUnavailableException ex)
        {
            context.Record(Name, "unavailable", ex.Message);
            return ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, ex.Message);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            context.Record(Name, "cancelled");
            return ToolCallOutcome.Cancelled("The call was cancelled by the caller; the upstream was told to stop.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            context.Record(Name, "timeout", $"{limit.TotalSeconds:0.###}s");
            return ToolCallOutcome.Failed(ToolCallFault.Timeout,
                $"Tool '{context.ToolName}' did not answer within {limit.TotalSeconds:0.###}s; its outcome is unknown, so check before calling it again.");
        }
        catch (OperationCanceledException ex)
        {
            // Cancelled by neither the caller nor the timeout: the connection went away under the call.
            context.Record(Name, "connection_lost", ex.Message);
            return ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown,
                $"The connection to connector '{card.Connector}' closed during the call; its outcome is unknown, so check before calling it again.");
        }
        catch (MissingRequiredClientCapabilityException ex)
        {
            context.Record(Name, "missing_capability", ex.Message);
            return ToolCallOutcome.MissingCapability(ex.RequiredCapabilities, ex.Message);
        }
        catch (McpException ex)
        {
            context.Record(Name, "upstream_error", ex.Message);
            return ToolCallOutcome.Failed(ToolCallFault.UpstreamError, $"Connector '{card.Connector}' returned an error: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException)
        {
            context.Record(Name, "transport_error", ex.Message);
            return ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown, $"The connection to connector '{card.Connector}' failed during the call: {ex.Message}; its outcome is unknown.");
        }
    }

    /// <summary>The upstream's task id when it answered with a task (the call goes on as that task), else null.</summary>
    private static string? TaskId(ModelContextProtocol.Protocol.CallToolResult result) =>
        result.ResultType == UpstreamConnection.TaskResultType && result.StructuredContent is { ValueKind: System.Text.Json.JsonValueKind.Object } task &&
        task.TryGetProperty("taskId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
}
