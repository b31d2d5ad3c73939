using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>Checks what both stores accept before a write is queued, so a bad write fails its own caller only.</summary>
internal static class JournalArguments
{
    /// <summary>An open must be a complete record in the open status.</summary>
    public static void ValidateOpen(ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(record.Status, ExecutionRecord.OpenStatus, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"An opened record must have status '{ExecutionRecord.OpenStatus}', not '{record.Status}'.", nameof(record));
        }
    }

    /// <summary>A close must name a final status; a record it inserts must be its execution's.</summary>
    public static void ValidateClose(ExecutionClose close)
    {
        ArgumentNullException.ThrowIfNull(close);
        if (string.IsNullOrEmpty(close.Status) ||
            string.Equals(close.Status, ExecutionRecord.OpenStatus, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A close must set a final status, not '{close.Status}'.", nameof(close));
        }

        if (close.Unopened is { } record)
        {
            ValidateOpen(record);
            if (!string.Equals(record.ExecutionId, close.ExecutionId, StringComparison.Ordinal))
            {
                throw new ArgumentException("A close can only insert its own execution's record.", nameof(close));
            }
        }
    }
}
