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
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, database) : null;

    private static IdempotencyRecord Read(DbDataReader reader, RelationalDatabase database) => new()
    {
        Key = reader.GetString(0),
        Fingerprint = reader.GetString(1),
        ExecutionId = reader.GetString(2),
        State = reader.GetString(3),
        ApprovalId = reader.GetNullableString(4),
        OutcomeStatus = reader.GetNullableString(5),
        ResultJson = reader.GetNullableString(6),
        CreatedAt = database.ReadTime(reader, 7),
        ExpiresAt = database.ReadTime(reader, 8),
    };
}
