using McpGateway.Flows.Model;

namespace McpGateway.Storage.Flows;

/// <summary>The run store's node execution SQL, shared by both backends.</summary>
internal static class NodeSql
{
    /// <summary>A node's columns, in the order <see cref="RunRows.ReadNode"/> reads them.</summary>
    public const string NodeColumns =
        "run_id, step_key, iteration, status, input, output, attempts, started_at, finished_at, error, execution_id, " +
        "approval_id, child_run_id, wake_at, copied_from";

    // The parameters of a node write, in NodeColumns order: each column's name.
    private const string NodeParameters =
        "@run_id, @step_key, @iteration, @status, @input, @output, @attempts, @started_at, @finished_at, @error, " +
        "@execution_id, @approval_id, @child_run_id, @wake_at, @copied_from";

    // An existing node (key: run, step, iteration) takes every column of the new one.
    private const string ReplaceOnConflict =
        "ON CONFLICT (run_id, step_key, iteration) DO UPDATE SET status = excluded.status, input = excluded.input, " +
        "output = excluded.output, attempts = excluded.attempts, started_at = excluded.started_at, " +
        "finished_at = excluded.finished_at, error = excluded.error, execution_id = excluded.execution_id, " +
        "approval_id = excluded.approval_id, child_run_id = excluded.child_run_id, wake_at = excluded.wake_at, " +
        "copied_from = excluded.copied_from";

    /// <summary>Inserts or replaces a node (key: run, step, iteration) in one statement; parameters are the columns' names.</summary>
    public const string SaveNode =
        $"INSERT INTO flow_nodes ({NodeColumns}) VALUES ({NodeParameters}) " + ReplaceOnConflict;

    /// <summary>
    /// <see cref="SaveNode"/>, but only while @owner holds run @run_id's lease: the engine's own writes, fenced so an
    /// engine whose lease lapsed and was taken over cannot overwrite what the new owner does. The lease check takes
    /// <paramref name="rowShareLock"/> on the run row, so a concurrent claim waits for this write and then sees it.
    /// </summary>
    public static string SaveOwnedNode(string rowShareLock) => SaveNodeWhen("lease_owner = @owner", rowShareLock);

    /// <summary>
    /// <see cref="SaveNode"/>, but only while run @run_id has ended (a retry resetting nodes before it reopens the run):
    /// a second retry that lost the race cannot reset nodes of a run that is already running again.
    /// </summary>
    public static string SaveNodeWhileRunEnded(string rowShareLock) => SaveNodeWhen($"status IN {RunSql.Terminal}", rowShareLock);

    private static string SaveNodeWhen(string runCondition, string rowShareLock) =>
        $"INSERT INTO flow_nodes ({NodeColumns}) SELECT {NodeParameters} " +
        $"WHERE EXISTS (SELECT 1 FROM flow_runs WHERE id = @run_id AND {runCondition}{rowShareLock}) " + ReplaceOnConflict;

    /// <summary>The nodes of run @run_id by start (unstarted last), step key and iteration.</summary>
    public const string ListNodes =
        $"SELECT {NodeColumns} FROM flow_nodes WHERE run_id = @run_id " +
        "ORDER BY started_at ASC NULLS LAST, step_key, iteration";

    /// <summary>The paused nodes waiting on approval @approval_id.</summary>
    public const string NodesByApproval =
        $"SELECT {NodeColumns} FROM flow_nodes WHERE approval_id = @approval_id " +
        $"AND status = '{NodeStatuses.Paused}' ORDER BY run_id, step_key, iteration";
}
