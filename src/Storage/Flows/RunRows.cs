using System.Data.Common;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

/// <summary>Reads runs and node executions from rows selected with <see cref="RunSql.Columns"/> and <see cref="NodeSql.NodeColumns"/>.</summary>
internal static class RunRows
{
    /// <summary>A row of <see cref="RunSql.Columns"/>.</summary>
    public static FlowRun ReadRun(DbDataReader reader, RelationalDatabase database) => new()
    {
        Id = reader.GetString(0),
        FlowId = reader.GetString(1),
        FlowName = reader.GetString(2),
        Version = reader.GetInt32(3),
        Environment = reader.GetString(4),
        Origin = reader.GetString(5),
        Status = reader.GetString(6),
        Inputs = FlowJson.ReadObject(reader.GetNullableString(7)),
        Outputs = FlowJson.Read(reader.GetNullableString(8)),
        Error = reader.GetNullableString(9),
        CreatedAt = database.ReadTime(reader, 10),
        StartedAt = reader.GetNullableTime(11, database),
        FinishedAt = reader.GetNullableTime(12, database),
        ParentRunId = reader.GetNullableString(13),
        ParentStep = reader.GetNullableString(14),
        Tags = FlowJson.ReadList(reader.GetString(15)),
        DedupKey = reader.GetNullableString(16),
        TimeoutAt = reader.GetNullableTime(17, database),
        WakeAt = reader.GetNullableTime(18, database),
        CancelRequested = reader.GetBoolean(19),
        KeyId = reader.GetNullableString(20),
        Agent = reader.GetNullableString(21),
        PauseReason = reader.GetNullableString(22),
        FromRunId = reader.GetNullableString(23),
        FromStep = reader.GetNullableString(24),
        ToStep = reader.GetNullableString(25),
    };

    /// <summary>A row of <see cref="NodeSql.NodeColumns"/>.</summary>
    public static NodeExecution ReadNode(DbDataReader reader, RelationalDatabase database) => new()
    {
        RunId = reader.GetString(0),
        StepKey = reader.GetString(1),
        Iteration = reader.GetInt32(2),
        Status = reader.GetString(3),
        Input = FlowJson.Read(reader.GetNullableString(4)),
        Output = FlowJson.Read(reader.GetNullableString(5)),
        Attempts = reader.GetInt32(6),
        StartedAt = reader.GetNullableTime(7, database),
        FinishedAt = reader.GetNullableTime(8, database),
        Error = reader.GetNullableString(9),
        ExecutionId = reader.GetNullableString(10),
        ApprovalId = reader.GetNullableString(11),
        ChildRunId = reader.GetNullableString(12),
        WakeAt = reader.GetNullableTime(13, database),
        CopiedFrom = reader.GetNullableString(14),
    };
}
