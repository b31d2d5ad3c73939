using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Idempotency;
using Microsoft.Extensions.Logging;

namespace McpGateway.Policy.Stages.Journal;

/// <summary>
/// One call's execution record between the journal stage and the stage where effects can begin. The journal stage
/// creates it; the record is written durably by the first stage that can lead to an effect (the idempotency stage,
/// together with the key's reservation; the upstream stage if none did), always before anything reaches the upstream.
/// A call refused by the checks before that point is written once, whole, when the journal stage closes it.
/// </summary>
public sealed partial class JournalEntry
{
    private const string JournalUnavailable =
        "The gateway could not record this call in its journal, so nothing was executed. Try again shortly.";

    private readonly IJournalStore _store;
    private readonly ILogger _logger;

    internal JournalEntry(IJournalStore store, ExecutionRecord record, ILogger logger)
    {
        _store = store;
        Record = record;
        _logger = logger;
    }

    /// <summary>The record as it is (or will be) opened.</summary>
    public ExecutionRecord Record { get; }

    /// <summary>True once the open is durable.</summary>
    public bool Opened { get; private set; }

    /// <summary>The key completion the close writes, handed over by the idempotency stage.</summary>
    internal IdempotencyCompletion? Completion { get; private set; }

    /// <summary>What writes the completion if the close cannot.</summary>
    internal Func<ValueTask>? CompletionFallback { get; private set; }

    /// <summary>Writes the open unless it is written; returns the refusal to return when it cannot be written.</summary>
    public ValueTask<ToolCallOutcome?> OpenAsync(ToolCallContext context) =>
        Opened ? ValueTask.FromResult<ToolCallOutcome?>(null) : RefusalOf(WriteOpenAsync(context, null, default));

    /// <summary>
    /// Writes the open together with the reservation of <paramref name="candidate"/>.Key, in one transaction. Returns
    /// the refusal when nothing could be written; otherwise the key's holder, null when this call now holds it.
    /// </summary>
    public ValueTask<(ToolCallOutcome? Refused, IdempotencyRecord? Holder)> OpenReservingAsync(
        ToolCallContext context, IdempotencyRecord candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Opened
            ? throw new InvalidOperationException("The execution record is already open; reserve through the idempotency store.")
            : WriteOpenAsync(context, candidate, now);
    }

    /// <summary>The record was opened again for a later round of the same execution (see <see cref="IJournalStore.ReopenAsync"/>).</summary>
    internal void MarkOpened(ToolCallContext context)
    {
        Opened = true;
        context.Record("journal", "reopened");
    }

    /// <summary>
    /// Hands the key's completion to the close, which writes it in the same transaction;
    /// <paramref name="fallback"/> writes it on its own if the close fails.
    /// </summary>
    public void CompleteOnClose(IdempotencyCompletion completion, Func<ValueTask> fallback)
    {
        if (!Opened)
        {
            throw new InvalidOperationException("Only a call whose record is open holds a key to complete.");
        }

        Completion = completion ?? throw new ArgumentNullException(nameof(completion));
        CompletionFallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
    }

    private static async ValueTask<ToolCallOutcome?> RefusalOf(ValueTask<(ToolCallOutcome? Refused, IdempotencyRecord? Holder)> open) =>
        (await open).Refused;

    /// <summary>The open, with the reservation when there is a candidate; a refusal (and no holder) when it fails.</summary>
    private async ValueTask<(ToolCallOutcome? Refused, IdempotencyRecord? Holder)> WriteOpenAsync(
        ToolCallContext context, IdempotencyRecord? candidate, DateTimeOffset now)
    {
        IdempotencyRecord? holder = null;
        try
        {
            if (candidate is null)
            {
                await _store.OpenAsync(Record, CancellationToken.None);
            }
            else
            {
                holder = await _store.OpenReservingAsync(Record, candidate, now, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Log.OpenFailed(_logger, Record.ExecutionId, ex);
            return (ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, JournalUnavailable), null);
        }

        Opened = true;
        context.Record("journal", "opened");
        return (null, holder);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Journal: could not open execution {ExecutionId}; the call was refused")]
        public static partial void OpenFailed(ILogger logger, string executionId, Exception ex);
    }
}
