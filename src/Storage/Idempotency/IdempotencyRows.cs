using System.Data.Common;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Idempotency;

/// <summary>Reads <see cref="IdempotencyRecord"/>s from rows selected with <see cref="IdempotencySql.Columns"/>.</summary>
internal static class IdempotencyRows
{
    /// <summary>The first row, or null when there is none.</summary>
    public static async Task<IdempotencyRecord?> ReadSingleAsync(
        DbDataReader reader, RelationalDatabase database, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, database.ReadTime) : null;

    /// <summary>The row the reader is on, its timestamps read with <paramref name="readTime"/>.</summary>
    public static IdempotencyRecord Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime) => new()
    {
        Key = reader.GetString(0),
        Fingerprint = reader.GetString(1),
        ExecutionId = reader.GetString(2),
        State = reader.GetString(3),
        ApprovalId = reader.GetNullableString(4),
        OutcomeStatus = reader.GetNullableString(5),
        ResultJson = reader.GetNullableString(6),
        CreatedAt = readTime(reader, 7),
        ExpiresAt = readTime(reader, 8),
    };
}
