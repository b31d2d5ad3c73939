using McpGateway.Policy.Stages.Idempotency;
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

    /// <summary>A reservation with an open must be an in-flight key held by the execution being opened.</summary>
    public static void ValidateReservation(ExecutionRecord record, IdempotencyRecord reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!string.Equals(reservation.State, IdempotencyStates.InFlight, StringComparison.Ordinal) ||
            !string.Equals(reservation.ExecutionId, record.ExecutionId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A reservation with an open must be '{IdempotencyStates.InFlight}' and held by execution {record.ExecutionId}.", nameof(reservation));
        }
    }

    /// <summary>A close must name a final status; a record it inserts and a key it completes must be its execution's.</summary>
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

        if (close.Completion is { } completion &&
            (string.IsNullOrEmpty(completion.Key) || string.IsNullOrEmpty(completion.OutcomeStatus) || completion.ResultJson is null))
        {
            throw new ArgumentException("A key completion needs the key, the outcome status and the result.", nameof(close));
        }
    }
}
