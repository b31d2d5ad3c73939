using McpGateway.Policy.Pipeline;
using Microsoft.Extensions.Logging;

namespace McpGateway.Policy.Stages.Journal;

/// <summary>
/// One call's execution record between the journal stage, which creates and closes it, and the point where effects may
/// begin (<see cref="ToolCallContext.BeginEffectsAsync"/>), which writes its open durably before anything reaches the
/// upstream. A call refused by the checks before that point is written once, whole, when the journal stage closes it.
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

    /// <summary>Writes the open unless it is written; returns the refusal to return when it cannot be written.</summary>
    internal ValueTask<ToolCallOutcome?> OpenAsync(ToolCallContext context) =>
        Opened ? ValueTask.FromResult<ToolCallOutcome?>(null) : WriteOpenAsync(context);

    /// <summary>The record was opened again for a later round of the same execution (see <see cref="IJournalStore.ReopenAsync"/>).</summary>
    internal void MarkOpened(ToolCallContext context)
    {
        Opened = true;
        context.Record("journal", "reopened");
    }

    private async ValueTask<ToolCallOutcome?> WriteOpenAsync(ToolCallContext context)
    {
        try
        {
            await _store.OpenAsync(Record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.OpenFailed(_logger, Record.ExecutionId, ex);
            return ToolCallOutcome.Failed(ToolCallFault.UpstreamUnavailable, JournalUnavailable);
        }

        Opened = true;
        context.Record("journal", "opened");
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Journal: could not open execution {ExecutionId}; the call was refused")]
        public static partial void OpenFailed(ILogger logger, string executionId, Exception ex);
    }
}
