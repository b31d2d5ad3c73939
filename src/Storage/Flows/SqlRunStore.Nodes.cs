using System.Data.Common;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

internal abstract partial class SqlRunStore
{
    private readonly string _saveOwnedNode = NodeSql.SaveOwnedNode(database.RowShareLock);
    private readonly string _saveNodeWhileRunEnded = NodeSql.SaveNodeWhileRunEnded(database.RowShareLock);

    public async ValueTask SaveNodeAsync(NodeExecution node, CancellationToken cancellationToken) =>
        await SaveAsync(NodeSql.SaveNode, node, null, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> SaveOwnedNodeAsync(NodeExecution node, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return await SaveAsync(_saveOwnedNode, node, owner, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> SaveNodeWhileRunEndedAsync(NodeExecution node, CancellationToken cancellationToken)
    {
        return await SaveAsync(_saveNodeWhileRunEnded, node, null, cancellationToken).ConfigureAwait(false) > 0;
    }

    private ValueTask<int> SaveAsync(string sql, NodeExecution node, string? owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return database.ExecuteWriteAsync(sql, command =>
        {
            if (owner is not null)
            {
                command.AddText("@owner", owner);
            }

            command.AddText("@run_id", node.RunId);
            command.AddText("@step_key", node.StepKey);
            command.AddInt32("@iteration", node.Iteration);
            command.AddText("@status", node.Status);
            command.AddText("@input", FlowJson.Write(node.Input));
            command.AddText("@output", FlowJson.Write(node.Output));
            command.AddInt32("@attempts", node.Attempts);
            database.AddTime(command, "@started_at", node.StartedAt);
            database.AddTime(command, "@finished_at", node.FinishedAt);
            command.AddText("@error", node.Error);
            command.AddText("@execution_id", node.ExecutionId);
            command.AddText("@approval_id", node.ApprovalId);
            command.AddText("@child_run_id", node.ChildRunId);
            database.AddTime(command, "@wake_at", node.WakeAt);
            command.AddText("@copied_from", node.CopiedFrom);
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<NodeExecution>> ListNodesAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return database.QueryAsync(NodeSql.ListNodes, command => command.AddText("@run_id", runId), ReadNode, cancellationToken);
    }

    public ValueTask<IReadOnlyList<NodeExecution>> FindNodesByApprovalAsync(string approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvalId);
        return database.QueryAsync(NodeSql.NodesByApproval, command => command.AddText("@approval_id", approvalId),
            ReadNode, cancellationToken);
    }

    public async ValueTask<bool> TryRecordTickAsync(string flowId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        return await database.ExecuteWriteAsync(TickSql.RecordTick, command =>
        {
            command.AddText("@flow_id", flowId);
            database.AddTime(command, "@tick", tick);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<DateTimeOffset?> GetLastTickAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var ticks = await database.QueryAsync(TickSql.LastTick, command => command.AddText("@flow_id", flowId),
            reader => reader.GetNullableTime(0, database), cancellationToken).ConfigureAwait(false);
        return ticks.Count == 0 ? null : ticks[0];
    }

    private NodeExecution ReadNode(DbDataReader reader) => RunRows.ReadNode(reader, database);
}
