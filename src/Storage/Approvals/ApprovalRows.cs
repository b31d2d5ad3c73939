using System.Data.Common;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Approvals;

/// <summary>Reads <see cref="ApprovalRecord"/>s from rows selected with <see cref="ApprovalSql.Columns"/>.</summary>
internal static class ApprovalRows
{
    /// <summary>Reads every row.</summary>
    public static async Task<IReadOnlyList<ApprovalRecord>> ReadAllAsync(
        DbDataReader reader, RelationalDatabase database, CancellationToken cancellationToken)
    {
        var records = new List<ApprovalRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader, database));
        }

        return records;
    }

    private static ApprovalRecord Read(DbDataReader reader, RelationalDatabase database) => new()
    {
        Id = reader.GetString(0),
        Status = reader.GetString(1),
        Tool = reader.GetString(2),
        Connector = reader.GetString(3),
        ConnectorScope = reader.GetNullableString(4),
        ArgumentsJson = reader.GetString(5),
        Agent = reader.GetNullableString(6),
        KeyId = reader.GetNullableString(7),
        ContextJson = reader.GetNullableString(8),
        EntityJson = reader.GetNullableString(9),
        StateJson = reader.GetNullableString(10),
        ContractJson = reader.GetNullableString(11),
        Reason = reader.GetNullableString(12),
        IdempotencyKey = reader.GetNullableString(13),
        ExecutionId = reader.GetString(14),
        ParentApprovalId = reader.GetNullableString(15),
        CreatedAt = database.ReadTime(reader, 16),
        ExpiresAt = reader.GetNullableTime(17, database),
        DecidedAt = reader.GetNullableTime(18, database),
        DecidedBy = reader.GetNullableString(19),
        DecisionJson = reader.GetNullableString(20),
        ResultExecutionId = reader.GetNullableString(21),
        ClaimedInstance = reader.GetNullableString(22),
    };
}
