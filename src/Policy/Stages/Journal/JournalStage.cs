using System.Buffers;
using System.Text;
using System.Text.Json;
using McpGateway.Policy.Pipeline;
using Microsoft.Extensions.Logging;

namespace McpGateway.Policy.Stages.Journal;

/// <summary>
/// First stage: opens the execution record, durably before anything reaches the upstream (at
/// <see cref="ToolCallContext.BeginEffectsAsync"/>), and closes it with the outcome and every stage's decision. A call
/// whose record cannot be written is refused, never run untracked.
/// </summary>
public sealed partial class JournalStage(IJournalStore store, ArgumentRedactor redactor, JournalOptions options, TimeProvider time, ILogger<JournalStage> logger)
    : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "journal";

    /// <inheritdoc />
    public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        context.ExecutionId = context.Continues ?? "exe_" + Guid.CreateVersion7().ToString("N");
        var record = new ExecutionRecord
        {
            ExecutionId = context.ExecutionId,
            InstanceId = options.InstanceId,
            SessionId = context.Caller.SessionId,
            Agent = context.Caller.Agent,
            Connector = context.ConnectorScope,
            Tool = context.ToolName,
            ArgumentsJson = redactor.Redact(context.Arguments),
            StartedAt = time.GetUtcNow(),
        };

        // Written where effects may begin (ToolCallContext.BeginEffectsAsync), not here: a call the checks refuse before
        // that point costs one write (its close, with the whole record), not two.
        var entry = new JournalEntry(store, record, logger);
        if (context.Continues is not null && await ReopenAsync(context, entry) is { } refused)
        {
            return refused;
        }

        context.Journal = entry;
        using var activity = PolicyDiagnostics.Source.StartActivity("tools/call " + context.ToolName);
        ToolCallOutcome outcome;
        try
        {
            outcome = await next(context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            outcome = ToolCallOutcome.Cancelled("The call was cancelled by the caller.");
        }
        catch (Exception ex)
        {
            Log.StageFailed(logger, context.ExecutionId, ex);
            outcome = ToolCallOutcome.Failed(ToolCallFault.UpstreamError, "The gateway failed while handling this call: " + ex.Message);
        }

        var ended = time.GetUtcNow();
        var latency = ended - record.StartedAt;
        var close = new ExecutionClose(
            context.ExecutionId,
            context.Card?.Connector ?? context.ConnectorScope,
            ended,
            outcome.Status.ToWire(),
            outcome.Message,
            TraceDocument(context, outcome, latency))
        {
            Unopened = entry.Opened ? null : record,
            OutputJson = JournalOutput.From(outcome.Result, redactor),
        };
        try
        {
            await store.CloseAsync(close, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The effect may have happened: return it. The open record is reconciled on the next start.
            if (close.Unopened is null)
            {
                Log.CloseFailed(logger, context.ExecutionId, ex);
            }
            else
            {
                Log.RecordFailed(logger, context.ExecutionId, ex);
            }
        }

        Observe(activity, context, outcome, latency);
        return outcome;
    }

    /// <summary>
    /// A call that goes on as the same execution: a later round of a Multi Round-Trip Request (the record its earlier
    /// round ended <c>input_required</c>), or an approved call's thaw (the record that froze it). The record is opened
    /// again, by this process. Only one request reopens a round: a second answer to the same round, or one after the
    /// call ended, is refused and nothing runs.
    /// </summary>
    private async ValueTask<ToolCallOutcome?> ReopenAsync(ToolCallContext context, JournalEntry entry)
    {
        var reason = context.Thaw is null ? JournalReopen.InputRound : JournalReopen.Thaw;
        bool reopened;
        try
        {
            reopened = await store.ReopenAsync(context.ExecutionId, options.InstanceId, reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.ReopenFailed(logger, context.ExecutionId, ex);
            return ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable,
                "The gateway could not record this call in its journal, so nothing was executed. Try again shortly.");
        }

        if (!reopened)
        {
            context.Record(Name, "not_reopened", context.ExecutionId);
            return ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict, reason == JournalReopen.Thaw
                ? $"The record of the frozen call, execution {context.ExecutionId}, is missing or still open, so the approved call was not run. Call the tool again."
                : $"Execution {context.ExecutionId} is not waiting for input: another request is answering this round, or the call has ended. Nothing was run again.");
        }

        entry.MarkOpened(context);
        return null;
    }

    /// <summary>Span tags and one event per stage decision (only when a listener samples the span), and the call metrics.</summary>
    private static void Observe(System.Diagnostics.Activity? activity, ToolCallContext context, ToolCallOutcome outcome, TimeSpan latency)
    {
        var status = outcome.Status.ToWire();
        var tool = context.Card?.Name ?? context.ToolName;
        PolicyDiagnostics.Calls.Add(1, new("tool", tool), new("status", status));
        PolicyDiagnostics.Duration.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("tool", tool));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("mcpgw.execution_id", context.ExecutionId);
        activity.SetTag("mcpgw.tool", tool);
        activity.SetTag("mcpgw.connector", context.Card?.Connector);
        activity.SetTag("mcpgw.agent", context.Caller.Agent);
        activity.SetTag("mcpgw.status", status);
        activity.SetTag("mcpgw.attempts", context.Attempts);
        activity.SetTag("mcpgw.idempotency_key", context.HeldIdempotencyKey);
        activity.SetTag("mcpgw.approval_id", context.ApprovalId);
        foreach (var d in context.Trace)
        {
            activity.AddEvent(new System.Diagnostics.ActivityEvent(d.Stage + "." + d.Decision));
        }

        activity.SetStatus(outcome.Status is ToolCallStatus.Completed or ToolCallStatus.Replayed or ToolCallStatus.Reconciled or ToolCallStatus.PendingApproval
            ? System.Diagnostics.ActivityStatusCode.Ok
            : System.Diagnostics.ActivityStatusCode.Error, outcome.Message);
    }

    /// <summary>
    /// The trace kept with the record: every stage's decision plus the facts a debugger needs first (attempts,
    /// idempotency key, approval id, entity check, latency, details). Built from redacted data only.
    /// </summary>
    private string TraceDocument(ToolCallContext context, ToolCallOutcome outcome, TimeSpan latency)
    {
        // Written straight to UTF-8: building a JsonObject first cost a lone call ~9 µs (bench/README.md).
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("stages");
            JsonSerializer.Serialize(writer, context.Trace, PolicyJsonContext.Default.IReadOnlyListStageDecision);
            writer.WriteString("final_outcome", outcome.Status.ToWire());
            writer.WriteNumber("attempts", context.Attempts);
            writer.WriteNumber("latency_ms", Math.Round(latency.TotalMilliseconds, 3));
            writer.WriteString("tool", context.Card?.Name);
            writer.WriteString("idempotency_key", context.HeldIdempotencyKey);
            writer.WriteString("approval_id", context.ApprovalId);
            if (context.HasDetails)
            {
                writer.WritePropertyName("details");
                redactor.WriteRedacted(writer, context.Details);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Error, "Journal: could not close execution {ExecutionId}; it stays open and will be reconciled")]
        public static partial void CloseFailed(ILogger logger, string executionId, Exception ex);

        [LoggerMessage(3, LogLevel.Error, "Pipeline: execution {ExecutionId} failed inside the gateway")]
        public static partial void StageFailed(ILogger logger, string executionId, Exception ex);

        [LoggerMessage(4, LogLevel.Error, "Journal: could not record execution {ExecutionId}, which ended before any effect could begin")]
        public static partial void RecordFailed(ILogger logger, string executionId, Exception ex);

        [LoggerMessage(5, LogLevel.Error, "Journal: could not reopen execution {ExecutionId} for its next round; the round was refused")]
        public static partial void ReopenFailed(ILogger logger, string executionId, Exception ex);
    }
}
